"""Writes outlets.xls, the legacy-format fixture for reader_test.go.

Go has no .xls writer, so the fixture comes from xlwt, the writer that
Python's pandas used for .xls. Regenerate with:

    python3 -m pip install xlwt==1.3.0
    python3 make_outlets_xls.py
"""
import datetime

import xlwt

book = xlwt.Workbook(encoding="utf-8")
sheet = book.add_sheet("Точки")
ddmmyyyy = xlwt.easyxf(num_format_str="DD.MM.YYYY")
stamp = xlwt.easyxf(num_format_str="DD.MM.YYYY HH:MM")
builtin = xlwt.easyxf(num_format_str="M/D/YY")  # built-in format 14
money = xlwt.easyxf(num_format_str="#,##0.00")

rows = [
    ["Код ГО", "Название", "ИНН", "Дата", "Широта", "Количество"],
    ["A-1", "Магазин «Ромашка»", "7707083893", (datetime.date(2024, 1, 15), ddmmyyyy), 55.7558, 12],
    [12345, "Киоск", 7707083893, (datetime.datetime(2024, 2, 29, 13, 30), stamp), "55,75", -73],
    [],
    ["00123", "Точка", 500100732259, (datetime.date(2023, 12, 31), builtin), -12.5, (1234.5, money)],
]
for r, values in enumerate(rows):
    for c, value in enumerate(values):
        if isinstance(value, tuple):
            sheet.write(r, c, value[0], value[1])
        else:
            sheet.write(r, c, value)

book.add_sheet("Другой").write(0, 0, "не читать")
book.save("outlets.xls")
