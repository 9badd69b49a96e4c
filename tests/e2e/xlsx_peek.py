#!/usr/bin/python3
# What a workbook kunqu wrote holds, as another program reads it (Debian's python3-openpyxl, not
# kunqu's own reader), for the end-to-end case 27-xlsx-out:
#   xlsx_peek.py FILE.xlsx [ROWS]  for each sheet: its name and size, the frozen pane, whether the
#       header is bold, the header with each column's width, then the first ROWS data rows (1 by
#       default), one cell a line: header, value, openpyxl's type (s text, n number, d date) and
#       number format; empty cells are left out.
import sys

import openpyxl
from openpyxl.utils import get_column_letter


def main(path, rows):
    book = openpyxl.load_workbook(path)
    print("sheets:", ", ".join(book.sheetnames))
    for ws in book.worksheets:
        header = [c.value for c in ws[1]]
        bold = all(c.font.b for c in ws[1])
        print(f"== {ws.title}: {ws.max_row - 1} rows, {ws.max_column} columns, frozen at {ws.freeze_panes}, "
              f"header {'bold' if bold else 'not bold'}")
        widths = [ws.column_dimensions[get_column_letter(i + 1)].width for i in range(len(header))]
        print("  " + " | ".join(f"{h} ({int(w)})" for h, w in zip(header, widths)))
        for row in ws.iter_rows(min_row=2, max_row=1 + rows):
            print("  --")
            for h, c in zip(header, row):
                if c.value is None:
                    continue
                value = c.value.date().isoformat() if c.data_type == "d" else repr(c.value)
                print(f"  {h}: {value} {c.data_type} {c.number_format}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1)
