"""The customer profile explorer and overview: a Streamlit app over the published marts.

`c360 explore` starts it. Pages live in app.py and views.py; everything with logic
is a plain function: search normalization (normalize.py), masking (masking.py),
queries (queries.py), the identity graph (graph.py), the search index built at
publish time (search_index.py).
"""
