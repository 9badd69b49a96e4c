// Tests for validate/values and validate/clock: money in integer fen (yuan and 万 yuan, never
// through floating point), dates with their spreadsheet hints, counts, yes/no, and the
// Asia/Shanghai civil date of a UTC time.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include <cstdint>
#include <string>

#include "validate/clock.h"
#include "validate/values.h"

using namespace kunqu::validate;

namespace {

std::int64_t fen(const char* text) {
  auto p = parse_money(text);
  INFO("parse_money('" << std::string(text) << "'): " << p.error);
  REQUIRE(p);
  CHECK(p.error.empty());
  return *p.value;
}

}  // namespace

TEST_CASE("parse_money reads yuan, 万 yuan, currency signs and thousands separators") {
  CHECK(fen("250000") == 25000000);
  CHECK(fen("250000.00") == 25000000);
  CHECK(fen("250000.5") == 25000050);
  CHECK(fen("0") == 0);
  CHECK(fen("0.01") == 1);
  CHECK(fen("25万") == 25000000);  // 250,000 yuan
  CHECK(fen("25万元") == 25000000);
  CHECK(fen("250000元") == 25000000);
  CHECK(fen("1.5万") == 1500000);  // 15,000 yuan
  CHECK(fen("0.0001万") == 100);   // 1 yuan
  CHECK(fen("¥300") == 30000);
  CHECK(fen("￥300.50") == 30050);
  CHECK(fen("300元") == 30000);
  CHECK(fen("1,250,000.50") == 125000050);
  CHECK(fen("  80000  ") == 8000000);
}

TEST_CASE("parse_money reads amounts as registers write them") {
  CHECK(*parse_money("800.00 万元").value == 800000000);
  CHECK(*parse_money("5,000万元").value == 5000000000);
  CHECK(*parse_money("¥250,000.00").value == 25000000);
  CHECK(*parse_money("２５０，０００．００").value == 25000000);
  CHECK(*parse_money("￥３万").value == 3000000);
  CHECK(*parse_money("800 元").value == 80000);
  auto both = parse_money("200.00 （单位：元 / 万元）");
  CHECK_FALSE(both);
  CHECK(both.error == "'200.00 （单位：元 / 万元）' names two units, yuan and 万 yuan");
  CHECK(both.hint == "write the amount in yuan (250000.00) or in 万 yuan (25万), not both");
}

TEST_CASE("parse_money refuses what is not a whole number of fen") {
  for (const char* bad : {"12.345", "-5", "9.13E+17", "abc", "", "1.2.3", "万", "¥", "0.0000001万",
                          // one number, at most one unit
                          "5万万", "1元万", "5元元", "5万元万", "万5", "5 万 万"}) {
    INFO("input: '" << std::string(bad) << "'");
    auto p = parse_money(bad);
    CHECK_FALSE(p);
    CHECK_FALSE(p.value.has_value());
    CHECK_FALSE(p.error.empty());
  }
  CHECK(parse_money("12.345").hint.find("two decimals") != std::string::npos);
  CHECK(parse_money("-5").error.find("negative") != std::string::npos);
  CHECK(parse_money("9.13E+17").hint.find("scientific notation") != std::string::npos);
  CHECK(parse_money("abc").error.find("'abc'") != std::string::npos);
  // Trailing zeros beyond two decimals do not change the amount; 万 yuan allow six decimals.
  CHECK(fen("12.3400") == 1234);
  CHECK(fen("0.000001万") == 1);
}

TEST_CASE("parse_money takes thousands separators only in groups of three") {
  CHECK(fen("12,500") == 1250000);
  CHECK(fen("1,250,000") == 125000000);
  // A decimal comma ('1,25' for 1.25 yuan) or a stray comma must not be read as 125 yuan.
  for (const char* bad : {"1,25", "1,2500", "12,50", "1,,000", "1,000,00", "1,000,000,5"}) {
    INFO("input: '" << std::string(bad) << "'");
    CHECK_FALSE(parse_money(bad));
  }
}

TEST_CASE("format_money writes fen as yuan with two decimals") {
  CHECK(format_money(0) == "0.00");
  CHECK(format_money(5) == "0.05");
  CHECK(format_money(100) == "1.00");
  CHECK(format_money(25000050) == "250000.50");
  CHECK(format_money(-5) == "-0.05");
  CHECK(format_money(-25000050) == "-250000.50");
  CHECK(format_money(INT64_MIN) == "-92233720368547758.08");
  // Round trip.
  for (std::int64_t v : {0LL, 1LL, 99LL, 12345678LL, 150000000LL}) CHECK(*parse_money(format_money(v)).value == v);
}

TEST_CASE("parse_date accepts real calendar dates only") {
  auto ok = parse_date("2015-06-18");
  REQUIRE(ok);
  CHECK(*ok.value == "2015-06-18");
  CHECK(*parse_date(" 2015-06-18 ").value == "2015-06-18");
  CHECK(parse_date("2016-02-29"));
  CHECK(parse_date("2000-02-29"));
  CHECK(parse_date("2015-12-31"));

  auto feb = parse_date("2015-02-29");
  CHECK_FALSE(feb);
  CHECK(feb.error.find("28 days") != std::string::npos);
  CHECK_FALSE(parse_date("1900-02-29"));
  CHECK_FALSE(parse_date("2015-13-01"));
  CHECK_FALSE(parse_date("2015-04-31"));
  CHECK_FALSE(parse_date("2015-00-10"));
  CHECK_FALSE(parse_date("1899-12-31"));
  CHECK_FALSE(parse_date("2200-01-01"));
  CHECK_FALSE(parse_date(""));
}

TEST_CASE("parse_date takes YYYY-MM-DD as it takes the same day written with slashes") {
  // Every year, month and day around the accepted ranges, and cells that only look like the
  // form: the same verdict either way, and the same words where the date is wrong.
  std::size_t days = 0;
  for (int y = 1899; y <= 2200; ++y)
    for (int m = 0; m <= 13; ++m)
      for (int d = 0; d <= 32; ++d) {
        const std::string dashes = fmt::format("{:04d}-{:02d}-{:02d}", y, m, d);
        const std::string slashes = fmt::format("{:04d}/{:02d}/{:02d}", y, m, d);
        const auto a = parse_date(dashes), b = parse_date(slashes);
        days += a.value.has_value();
        if (a.value != b.value) FAIL_CHECK(dashes);
        std::string error = b.error;
        if (auto at = error.find(slashes); at != std::string::npos) error.replace(at, slashes.size(), dashes);
        if (a.error != error) FAIL_CHECK(dashes, ": ", a.error, " / ", error);
      }
  CHECK(days == 300 * 365 + 73);  // 1900 to 2199: 72 leap years
  for (const char* cell : {"2015-0a-01", "2015-06-3x", "+015-06-30", "2015-06-30x", "2015_06-30", "2015-06-30 12:00"})
    {
    CAPTURE(std::string(cell));
    CHECK_FALSE(parse_date(cell));
  }
  CHECK(*parse_date("\t2015-06-30\u3000").value == "2015-06-30");
}

TEST_CASE("parse_date reads dates as spreadsheets and people write them") {
  for (const char* form : {"2013-02-14", "2013/2/14", "2013-2-14", "2013.2.14", "2013年2月14日", "2013年02月14日",
                           "2013/02/14", "２０１３／２／１４", "2013/2/14 0:00", "2013-02-14 00:00:00", "2013-02-14T00:00",
                           " 2013.2.14 "}) {
    CAPTURE(form);
    auto d = parse_date(form);
    REQUIRE(d);
    CHECK(*d.value == "2013-02-14");
  }
  // Each form is still a real calendar date.
  auto feb = parse_date("2013/2/30");
  CHECK_FALSE(feb);
  CHECK(feb.error == "'2013/2/30' is not a date: 2013-02 has 28 days");
  CHECK(parse_date("2016年2月29日"));
  CHECK_FALSE(parse_date("2013/13/1"));
}

TEST_CASE("parse_date refuses what it cannot read for sure, with a hint") {
  auto us = parse_date("2/14/2013");
  CHECK_FALSE(us);
  CHECK(us.error == "'2/14/2013' is not a date (YYYY-MM-DD)");
  CHECK(us.hint == "write the year first: '2013-02-14'");
  auto either = parse_date("3/2/2013");
  CHECK(either.hint == "the day and the month cannot be told apart: write the year first, '2013-03-02' or '2013-02-03'");
  auto two = parse_date("13/2/14");
  CHECK_FALSE(two);
  CHECK(two.hint == "write the year with four digits: YYYY-MM-DD");
  CHECK(parse_date("13-2-14").hint == "write the year with four digits: YYYY-MM-DD");

  auto serial = parse_date("42170");
  CHECK_FALSE(serial);
  CHECK(serial.hint.find("serial number") != std::string::npos);
  CHECK(serial.hint.find("2015-06-15") != std::string::npos);

  auto timed = parse_date("2013/2/14 9:30");
  CHECK_FALSE(timed);
  CHECK(timed.hint == "a date has no time of day: write the date alone (YYYY-MM-DD)");

  CHECK(parse_date("20130214").hint == "write the date with separators: '2013-02-14'");
  auto mixed = parse_date("2013-2/14");
  CHECK_FALSE(mixed);
  CHECK(mixed.error == "'2013-2/14' is not a date (YYYY-MM-DD)");
  CHECK_FALSE(parse_date("2013年2月"));
  CHECK_FALSE(parse_date("2013-2-14-"));
  CHECK_FALSE(parse_date("-2013-2-14"));
  CHECK_FALSE(parse_date("today"));
}

TEST_CASE("leap years and month lengths") {
  CHECK(is_leap_year(2016));
  CHECK(is_leap_year(2000));
  CHECK_FALSE(is_leap_year(1900));
  CHECK_FALSE(is_leap_year(2015));
  CHECK(days_in_month(2015, 2) == 28);
  CHECK(days_in_month(2016, 2) == 29);
  CHECK(days_in_month(2015, 4) == 30);
  CHECK(days_in_month(2015, 12) == 31);
}

TEST_CASE("parse_count takes non-negative whole numbers only") {
  CHECK(*parse_count("120").value == 120);
  CHECK(*parse_count("0").value == 0);
  CHECK(*parse_count(" 7 ").value == 7);
  for (const char* bad : {"1.0", "-3", "1e3", "", "abc", "1,000", "1234567890123"}) {
    INFO("input: '" << std::string(bad) << "'");
    auto p = parse_count(bad);
    CHECK_FALSE(p);
    CHECK_FALSE(p.error.empty());
  }
  CHECK(parse_count("-3").error.find("negative") != std::string::npos);
}

TEST_CASE("parse_bool takes English and Chinese yes/no") {
  for (const char* yes : {"true", "TRUE", "yes", "Y", "1", "是", "有"}) {
    INFO("input: " << std::string(yes));
    auto p = parse_bool(yes);
    REQUIRE(p);
    CHECK(*p.value == true);
  }
  for (const char* no : {"false", "No", "n", "0", "否", "无"}) {
    INFO("input: " << std::string(no));
    auto p = parse_bool(no);
    REQUIRE(p);
    CHECK(*p.value == false);
  }
  auto bad = parse_bool("maybe");
  CHECK_FALSE(bad);
  CHECK(bad.error.find("是/否") != std::string::npos);
  CHECK_FALSE(parse_bool(""));
}

TEST_CASE("shanghai_date is the civil date at UTC+8") {
  CHECK(shanghai_date("2015-06-30T16:30:00Z") == "2015-07-01");
  CHECK(shanghai_date("2015-06-30T15:59:59Z") == "2015-06-30");
  CHECK(shanghai_date("2015-06-30T16:00:00Z") == "2015-07-01");
  CHECK(shanghai_date("2015-06-30T08:00:00Z") == "2015-06-30");
  CHECK(shanghai_date("2015-12-31T20:00:00Z") == "2016-01-01");
  CHECK(shanghai_date("2016-02-28T17:00:00Z") == "2016-02-29");
  CHECK(shanghai_date("2015-02-28T17:00:00Z") == "2015-03-01");
  CHECK(shanghai_date("2015-01-01T00:00:00Z") == "2015-01-01");
}

TEST_CASE("shanghai_time shows a UTC time on the district's clock, with its offset") {
  CHECK(shanghai_time("2015-06-30T08:27:00Z") == "2015-06-30 16:27 +08:00");
  CHECK(shanghai_time("2015-06-30T16:00:00Z") == "2015-07-01 00:00 +08:00");
  CHECK(shanghai_time("2015-06-30T15:59:59Z") == "2015-06-30 23:59 +08:00");
  CHECK(shanghai_time("2015-12-31T20:05:00Z") == "2016-01-01 04:05 +08:00");
  // Anything else is shown as it is.
  CHECK(shanghai_time("2015-06-30") == "2015-06-30");
  CHECK(shanghai_time("2015-06-30T08:27:00+08:00") == "2015-06-30T08:27:00+08:00");
  CHECK(shanghai_time("") == "");
}

TEST_CASE("a district day begins at 16:00 UTC the day before") {
  CHECK(shanghai_day_start_utc("2015-07-01") == "2015-06-30T16:00:00Z");
  CHECK(shanghai_day_start_utc("2015-07-01", 1) == "2015-07-01T16:00:00Z");
  CHECK(shanghai_day_start_utc("2016-01-01") == "2015-12-31T16:00:00Z");
  CHECK(shanghai_day_start_utc("2016-02-28", 1) == "2016-02-28T16:00:00Z");
  CHECK(shanghai_day_start_utc("2016-02-29", 1) == "2016-02-29T16:00:00Z");
  CHECK(shanghai_day_start_utc("2015-03-01") == "2015-02-28T16:00:00Z");
}
