"""innokg's lexicons, installed as the package `innokg_lexicons` (see pyproject.toml).

This file only makes the folder a package, so that importlib.resources finds the tables in
a wheel and in an editable install alike; ner/resources.py reads them. The tables are the
*.tsv files here.
"""
