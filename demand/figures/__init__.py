"""The figures analysts see: counts of requests from the demand log, suppressed.

Every count goes through demand/suppression.py before it leaves this package, so
a table, its CSV and its JSON all show the same "<5" and "[c]" cells.

- queries.py: what to count (Filters) and the counting, done in the database
- tables.py: each table the dashboard shows, from those counts
- layout.py: the Table shape, and laying out a suppressed list of counts
- dashboard.py: the whole dashboard, every table from one set of counts
- export.py: a table as CSV and the dashboard as JSON

Tables that share a total are kept consistent: the priority table is the
over-time table's row of totals, suppressed once, and a total hidden in one
table is hidden in the others.
"""
