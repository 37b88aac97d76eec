.PHONY: run test lint bench bundle

# Open the desktop app on the default library (first run offers a sample library).
run:
	@bash scripts/bootstrap.sh
	.venv/bin/python main.py

# The whole test suite (CI runs exactly this).
test:
	@bash scripts/bootstrap.sh dev
	.venv/bin/ruff check curator ui tests bench main.py
	QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest -q

lint:
	@bash scripts/bootstrap.sh dev
	.venv/bin/ruff check curator ui tests bench main.py

bench:
	@bash scripts/bootstrap.sh dev
	.venv/bin/python bench/import_bench.py
	.venv/bin/python bench/search_bench.py
	.venv/bin/python bench/layout_bench.py
	.venv/bin/python bench/export_bench.py
	QT_QPA_PLATFORM=offscreen .venv/bin/python bench/gui_grid_bench.py
	.venv/bin/python bench/startup_bench.py

# dist/Curator/: a one-folder PyInstaller bundle that runs without Python (see README, Install).
bundle:
	@bash scripts/bootstrap.sh dev
	bash scripts/build_bundle.sh
