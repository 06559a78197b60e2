"""Creates the empty Parquet file of the offline store (run by feast.sh with the Feast virtualenv's Python, PYTHONPATH=repo).

The file offline store appends each offline push to an existing file, with exactly the batch source's columns, so the
file must exist, with those columns, before the first push.
"""

import sys

import pyarrow as pa
import pyarrow.parquet as pq

from features import COMMON_FEATURES

SCHEMA = pa.schema(
    [
        ("sensor_id", pa.string()),
        ("event_timestamp", pa.timestamp("us", tz="UTC")),
        ("created", pa.timestamp("us", tz="UTC")),
        ("asset_id", pa.string()),
        ("window_start", pa.int64()),
        ("window_end", pa.int64()),
        ("sample_count", pa.int64()),
        *[(name, pa.float64()) for name in COMMON_FEATURES],
        ("features_json", pa.string()),
    ]
)

if __name__ == "__main__":
    pq.write_table(SCHEMA.empty_table(), sys.argv[1])
