"""The package list, which pyproject.toml cannot express: the code packages are found, and
the lexicons, which stay in data/lexicons/, install as the package `innokg_lexicons`.

ner/resources.py reads them with importlib.resources, so a built wheel carries them and an
editable install (`make install`) reads the repository's files. Every *.tsv there is package
data: a new table needs no change here. Everything else is in pyproject.toml.
"""

from setuptools import find_packages, setup

LEXICONS = "innokg_lexicons"

setup(
    packages=[*find_packages(include=["ner", "ner.*", "graph_loader", "graph_loader.*", "explorer", "explorer.*"]),
              LEXICONS],
    package_dir={LEXICONS: "data/lexicons"},
    package_data={LEXICONS: ["*.tsv"]},
)
