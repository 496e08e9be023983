"""Pictures of the warehouse, drawn as SVG text: a claim's spread over time (spread.py), the
sources behind it (sources.py) and figures in dispute on a number line (disputes.py). Each
picture is a pure function from rows (dataclasses filled by queries.py) to an SVG string; the
run's Prefect artifact (artifact.py) embeds them as images, the offline HTML report (html.py)
inlines them. No plotting library: plain elements, every text escaped (svg.py)."""
