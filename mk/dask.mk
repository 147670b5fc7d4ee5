# dask.distributed and bokeh (the optional extra innokg[dask]: `innokg build --scheduler`)
# so tests/test_cluster.py runs instead of skipping. `make bench-cluster` measures Dask's
# overhead and the committing ceiling (bench/bench_cluster.py, about 15 minutes at 10M).
DASK_STAMP := $(VENV)/.dask-installed

$(DASK_STAMP): $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev,dask]'
	touch $@

.PHONY: dask bench-cluster
dask: $(DASK_STAMP)

BENCH_CLUSTER_SIZE ?= 10
bench-cluster: dask
	$(PY) bench/bench_cluster.py --size $(BENCH_CLUSTER_SIZE)

TEST_DEPS += dask
