# Prometheus text format on stdin -> its metric families as JSON on stdout, read by the Prometheus project's own
# Python client parser (Debian's python3-prometheus-client). A line the format does not allow makes the parser
# raise: exit 1 with the message on stderr.
import json
import math
import sys

from prometheus_client.parser import text_string_to_metric_families


def number(value):
    # JSON has no infinities: keep them as Prometheus writes them.
    return value if math.isfinite(value) else ("+Inf" if value > 0 else "-Inf" if value < 0 else "NaN")


try:
    families = [
        {
            "name": family.name,
            "type": family.type,
            "samples": [{"name": s.name, "labels": s.labels, "value": number(s.value)} for s in family.samples],
        }
        for family in text_string_to_metric_families(sys.stdin.read())
    ]
except Exception as error:  # the parser's ValueError, or anything it trips on: the text is not Prometheus text
    sys.stderr.write(f"not Prometheus text format: {error!r}\n")
    sys.exit(1)
json.dump(families, sys.stdout)
