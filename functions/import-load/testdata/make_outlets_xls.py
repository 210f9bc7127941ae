"""Writes outlets_template.xls, a legacy-format Outlets file in the template's
layout, for the end-to-end tests: a key user's .xls renamed to .xlsx must be
read for what it is.

Go has no .xls writer, so the fixture comes from xlwt, the writer that
Python's pandas used for .xls. Regenerate with:

    python3 -m pip install xlwt==1.3.0
    python3 make_outlets_xls.py
"""
import xlwt

book = xlwt.Workbook(encoding="utf-8")
sheet = book.add_sheet("Точки")
rows = [
    ["Код ГО", "Название", "Юридическое название", "ИНН", "Адрес", "Город", "Регион", "Широта", "Долгота",
     "Подтип", "Канал", "Статус", "Код РЦ", "Доля РЦ", "Локальный код"],
    ["XLS-001", "Магазин «Ромашка»", "ООО «Ромашка»", 7707083893, "ул. Ленина, 1", "Москва", "", 55.7558, 37.6173,
     "ТТ", "Розница", "Активна", "", "", "L-1"],
    ["XLS-002", "Склад", "", "", "ул. Мира, 2", "Казань", "", "", "", "РЦ", "", "", "", "", ""],
]
for r, values in enumerate(rows):
    for c, value in enumerate(values):
        sheet.write(r, c, value)
book.save("outlets_template.xls")
