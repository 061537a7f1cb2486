#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Prints the cells of an .xlsx workbook's first sheet, a row a line, cells
between tabs, each with its type as a spreadsheet reads it:

  s:TEXT       a text cell (shared or inline string)
  n:NUMBER     a number in the General format
  d:dd/mm/yyyy a date (with " hh:mm" where its format shows the time)
  p:NN%        a number in a percent format
  f:FORMULA    a formula (tiepdon writes none)
  ?:...        anything else, with its format, so a test fails on it

Written from ECMA-376 Part 1 (SpreadsheetML), with Python's own zip and
XML readers: none of it is libxlsxwriter's, which wrote the file, so a
cell typed wrong by the writer's use is seen as a PC would see it. The
first line is "# sheet: NAME", then "# frozen: ROWS" when rows are frozen."""
import datetime
import re
import sys
import xml.etree.ElementTree as ET
import zipfile

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# ECMA-376 Part 1, 18.8.30: the built-in formats a test may meet
BUILTIN = {0: "General", 1: "0", 9: "0%", 10: "0.00%", 14: "mm-dd-yy", 22: "m/d/yy h:mm"}


def text_of(element):
    return "".join(t.text or "" for t in element.iter(MAIN + "t"))


def column_index(ref):
    letters = re.match(r"[A-Z]+", ref).group(0)
    index = 0
    for letter in letters:
        index = index * 26 + (ord(letter) - ord("A") + 1)
    return index - 1


def first_sheet(book):
    workbook = ET.fromstring(book.read("xl/workbook.xml"))
    sheet = workbook.find(MAIN + "sheets")[0]
    rels = ET.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    target = next(r.get("Target") for r in rels.iter(PKG_REL + "Relationship") if r.get("Id") == sheet.get(REL + "id"))
    return sheet.get("name"), "xl/" + target.lstrip("/").removeprefix("xl/")


def main():
    book = zipfile.ZipFile(sys.argv[1])
    names = book.namelist()
    strings = []
    if "xl/sharedStrings.xml" in names:
        strings = [text_of(si) for si in ET.fromstring(book.read("xl/sharedStrings.xml")).findall(MAIN + "si")]
    styles = ET.fromstring(book.read("xl/styles.xml"))
    formats = dict(BUILTIN)
    for fmt in styles.iter(MAIN + "numFmt"):
        formats[int(fmt.get("numFmtId"))] = fmt.get("formatCode")
    xfs = [int(xf.get("numFmtId", "0")) for xf in styles.find(MAIN + "cellXfs").findall(MAIN + "xf")]

    name, path = first_sheet(book)
    sheet = ET.fromstring(book.read(path))
    print("# sheet: " + name)
    pane = sheet.find(f"{MAIN}sheetViews/{MAIN}sheetView/{MAIN}pane")
    if pane is not None and pane.get("state") == "frozen" and pane.get("ySplit"):
        print("# frozen: " + pane.get("ySplit"))
    for row in sheet.find(MAIN + "sheetData").findall(MAIN + "row"):
        cells = {}
        for cell in row.findall(MAIN + "c"):
            kind = cell.get("t", "n")
            value = cell.find(MAIN + "v")
            fmt = formats.get(xfs[int(cell.get("s", "0"))], "?")
            if cell.find(MAIN + "f") is not None:
                shown = "f:" + (cell.find(MAIN + "f").text or "")
            elif kind == "s":
                shown = "s:" + strings[int(value.text)]
            elif kind == "inlineStr":
                shown = "s:" + text_of(cell.find(MAIN + "is"))
            elif kind == "n" and value is not None:
                number = float(value.text)
                if fmt in ("dd/mm/yyyy", "dd/mm/yyyy hh:mm"):
                    when = datetime.datetime(1899, 12, 30) + datetime.timedelta(days=number)
                    when = (when + datetime.timedelta(seconds=30)).replace(second=0, microsecond=0)
                    shown = "d:" + when.strftime("%d/%m/%Y %H:%M" if "hh" in fmt else "%d/%m/%Y")
                elif fmt == "0%":
                    shown = "p:%d%%" % round(number * 100)
                elif fmt == "General" and number == int(number):
                    shown = "n:%d" % number
                else:
                    shown = "?:%s [%s]" % (value.text, fmt)
            elif value is None:
                continue
            else:
                shown = "?:%s [%s]" % (value.text, kind)
            cells[column_index(cell.get("r"))] = shown
        width = max(cells) + 1 if cells else 0
        print("\t".join(cells.get(i, "") for i in range(width)))


if __name__ == "__main__":
    main()
