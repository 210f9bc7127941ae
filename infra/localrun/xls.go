package localrun

// The runner's ImportLoadFunction reads legacy .xls uploads as the deployed
// one does (functions/import-load imports the reader the same way).
import _ "aftersales/shared/sheets/biff"
