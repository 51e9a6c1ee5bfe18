"""One module per source system; each turns a chunk's persons into Rows."""
