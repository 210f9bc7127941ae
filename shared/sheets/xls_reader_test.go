package sheets_test

// The tests read legacy .xls files as import-load does: with package biff,
// which registers itself with sheets when imported.
import _ "aftersales/shared/sheets/biff"
