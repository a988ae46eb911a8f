//! Tables to download, written from typed cells as CSV or as an Excel workbook.

pub mod csv;
pub mod table;
pub mod template;
pub mod xlsx;
