# HanLP and torch (the optional extra innokg[hanlp]) so tests/test_backend_hanlp.py runs
# instead of skipping. torch is installed first, pinned: a bare `torch` requirement would
# resolve to a CUDA build of several GB; 2.13.0 resolves to the CPU build (about 0.9 GB
# installed). Then the extra adds hanlp and transformers (about 0.1 GB).
HANLP_TORCH ?= torch==2.13.0
HANLP_STAMP := $(VENV)/.hanlp-installed

$(HANLP_STAMP): $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet --disable-pip-version-check '$(HANLP_TORCH)'
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev,hanlp]'
	touch $@

.PHONY: hanlp
hanlp: $(HANLP_STAMP)

TEST_DEPS += hanlp
