#!/usr/bin/python3
# Workbooks as offices send them, made by other programs than kunqu (openpyxl for .xlsx, xlwt
# for .xls, zipfile for what neither writes), for the end-to-end case 26-spreadsheets.
#   sheets.py register IN.csv OUT.xlsx|OUT.xls [ROWS]  a register from a CSV export (--labels zh):
#       a title merged above the header, the sheet's own 序号, notes after some headers, dates
#       as real date cells shown as 2013/2/14, counts and money as number cells
#   sheets.py bad OUT.xlsx    a sheet with the damage kunqu must name
#   sheets.py formulas OUT.csv  orgs whose names Excel would run as formulas
#   sheets.py excel-save IN.csv OUT.csv [change]  IN as Excel saves it again (and one edit)
#   sheets.py foreign DIR     an .ods, an .xlsb and an encrypted workbook (stand-ins)
import csv
import datetime
import re
import sys
import zipfile

NOTES = {"统一社会信用代码": "统一社会信用代码（18位）", "名称": "*名称", "开办资金": "开办资金(元)"}
NUMBERS = {"会员数", "专职人员数"}


def cells(header, row):
    out = []
    for h, v in zip(header, row):
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
            out.append(datetime.date(int(v[:4]), int(v[5:7]), int(v[8:])))
        elif h in NUMBERS and v.isdigit():
            out.append(int(v))
        elif h == "开办资金" and re.fullmatch(r"\d+(\.\d\d)?", v):
            out.append(float(v))
        else:
            out.append(v)
    return out


def register(src, dst, limit):
    with open(src, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:1 + limit] if limit else rows[1:]
    title = "昆都仑区社会组织名册（2015年6月）"
    shown = ["序号"] + [NOTES.get(h, h) for h in header]
    if dst.endswith(".xls"):
        import xlwt
        wb = xlwt.Workbook(encoding="utf-8")
        ws = wb.add_sheet("名册")
        date = xlwt.easyxf(num_format_str="yyyy/m/d")
        ws.write_merge(0, 0, 0, len(shown) - 1, title)
        for j, h in enumerate(shown):
            ws.write(1, j, h)
        for i, row in enumerate(body, 1):
            ws.write(i + 1, 0, i)
            for j, v in enumerate(cells(header, row), 1):
                if isinstance(v, datetime.date):
                    ws.write(i + 1, j, v, date)
                elif v != "":
                    ws.write(i + 1, j, v)
        wb.save(dst)
        return
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "名册"
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(shown))
    ws.append(shown)
    for i, row in enumerate(body, 1):
        ws.append([i] + [v if v != "" else None for v in cells(header, row)])
    for row in ws.iter_rows(min_row=3):
        for c in row:
            if isinstance(c.value, (datetime.date, datetime.datetime)):
                c.number_format = "yyyy/m/d"
    wb.create_sheet("说明").append(["本表由街道填报"])
    wb.save(dst)


def bad(dst):
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "名册"
    ws.append(["序号", "名称", "登记方式", "类型", "类别", "街道", "社区", "统一社会信用代码（18位）", "成立日期", "登记日期"])
    ws.append([1, "钢城志愿者协会", "登记", "社会团体", "社区文体", "林荫路街道", None, 515020300000000000, "2013/2/30",
               datetime.date(2013, 3, 1)])
    ws.append([2, "友谊读书会", "登记", "社会团体", "社区文体", "林荫路街道", None, "51150203MJ0990031F", "2/14/2013", "13-3-1"])
    ws.append([3, "#N/A", "登记", "社会团体", "社区文体", "林荫路街道", None, None, "2013年2月14日", datetime.date(2013, 3, 1)])
    ws.append(["第四", "青山合唱团", "登记", "社会团体", "社区文体", "林荫路街道"])
    wb.save(dst)


def formulas(dst):
    rows = [["名称", "登记方式", "类型", "类别", "街道", "社区", "统一社会信用代码", "登记日期", "备注"],
            ['=HYPERLINK("http://x")', "登记", "社会团体", "社区文体", "林荫路街道", "", "51150203MJ0012342X", "2013-03-01",
             "-5.00"],
            ["@SUM(1+1)社", "登记", "社会团体", "社区文体", "林荫路街道", "", "51150203MJ0012350Q", "2013-03-01", "'原样"]]
    with open(dst, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)


def excel_save(src, dst, change):
    """What Excel on Chinese Windows makes of a CSV it opened and saved: GB18030, CRLF, dates as
    2013/2/14, 90000.00 as 90000, spaces left after cells; `change` edits one org's phone."""
    with open(src, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    out = []
    for n, row in enumerate(rows):
        cells = []
        for j, v in enumerate(row):
            m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", v)
            if m:
                v = f"{int(m[1])}/{int(m[2])}/{int(m[3])}"
            elif re.fullmatch(r"\d+\.00", v):
                v = v[:-3]
            if v and j % 5 == 0:
                v += "  "
            cells.append(v)
        out.append(cells)
    if change:
        out[1][rows[0].index("联系电话")] = "0472-5430999"
        out[2][rows[0].index("成员数")] = "25"
    with open(dst, "w", encoding="gb18030", newline="") as f:
        csv.writer(f, lineterminator="\r\n").writerows(out)


def foreign(folder):
    fixed = (2015, 6, 30, 0, 0, 0)
    with zipfile.ZipFile(folder + "/orgs.ods", "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype", fixed), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr(zipfile.ZipInfo("content.xml", fixed), "<office:document-content/>")
    with zipfile.ZipFile(folder + "/orgs.xlsb", "w") as z:
        z.writestr(zipfile.ZipInfo("[Content_Types].xml", fixed), "<Types/>")
        z.writestr(zipfile.ZipInfo("xl/workbook.bin", fixed), b"\x83\x01\x00")
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptedPackage".encode("utf-16-le") + bytes(512)
    with open(folder + "/locked.xlsx", "wb") as f:
        f.write(ole)


if __name__ == "__main__":
    if sys.argv[1] == "register":
        register(sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else 0)
    elif sys.argv[1] == "bad":
        bad(sys.argv[2])
    elif sys.argv[1] == "formulas":
        formulas(sys.argv[2])
    elif sys.argv[1] == "excel-save":
        excel_save(sys.argv[2], sys.argv[3], len(sys.argv) > 4)
    else:
        foreign(sys.argv[2])
