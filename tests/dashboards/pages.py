"""Reading what a dashboard or assessment page and its Excel file show, as a
person would: the KPI figures, the tables' cells, the workbook's cells."""

from html.parser import HTMLParser
from io import BytesIO

from openpyxl import load_workbook


class _PageReader(HTMLParser):
    """The text of every `data-figure` element, and every table's rows (by the
    id of the section holding it) as lists of cell texts."""

    def __init__(self):
        super().__init__()
        self.figures: dict[str, str] = {}
        self.tables: dict[str, list[list[str]]] = {}
        self._figure: list = []  # open data-figure elements: [name, tag, depth, text]
        self._section = None
        self._row = None
        self._cell = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for open_figure in self._figure:
            if open_figure[1] == tag:
                open_figure[2] += 1
        if "data-figure" in a:
            self._figure.append([a["data-figure"], tag, 1, ""])
        if tag == "section" and (a.get("id") or "").startswith("table-"):
            self._section = a["id"][len("table-") :]
            self.tables[self._section] = []
        elif tag == "tr" and self._section:
            self._row = []
        elif tag == "td" and self._row is not None:
            self._cell = ""

    def handle_endtag(self, tag):
        for open_figure in list(self._figure):
            if open_figure[1] == tag:
                open_figure[2] -= 1
                if open_figure[2] == 0:
                    self.figures[open_figure[0]] = open_figure[3].strip()
                    self._figure.remove(open_figure)
        if tag == "td" and self._cell is not None:
            self._row.append(self._cell.strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if self._row:
                self.tables[self._section].append(self._row)
            self._row = None
        elif tag == "section":
            self._section = None

    def handle_data(self, data):
        for open_figure in self._figure:
            open_figure[3] += data
        if self._cell is not None:
            self._cell += data


def read_page(response) -> _PageReader:
    reader = _PageReader()
    reader.feed(response.content.decode())
    return reader


def column(table: list[list[str]], headers: list[str], name: str) -> dict[str, str]:
    """One column of a page table, by unit name (the row's second cell)."""
    i = headers.index(name)
    return {row[1]: row[i] for row in table}


def workbook_rows(response) -> list[list]:
    """The cells of the first sheet, as values (None for an empty cell)."""
    sheet = load_workbook(BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def workbook_cells(response):
    return load_workbook(BytesIO(response.content)).active
