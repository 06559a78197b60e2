"""Feast definitions of Vigie's feature windows (see docs/adr/0009-feature-store.md).

One row per sensor window, pushed by the TypeScript FeastFeatureStore through the push source `sensor_windows_push`
of the feature server (`POST /push`), read back with `POST /get-online-features`. The common time-domain features
have typed columns, so Python tools (training, `get_historical_features`) can join them; `features_json` carries the
whole feature map, whatever its names, which is what the adapter reads back.

The event timestamp of a window is its start (`window_start`, epoch milliseconds, also stored as a typed integer):
the port's online value is the window with the latest start.
"""

from datetime import timedelta

from feast import Entity, FeatureView, Field, FileSource, PushSource, ValueType
from feast.types import Float64, Int64, String

# Keep in step with COMMON_FEATURES in packages/service-kit/src/feature-store/feast-schema.ts.
COMMON_FEATURES = ["mean", "std", "rms", "min", "max", "kurtosis", "skewness", "crest_factor", "peak_to_peak"]

sensor = Entity(
    name="sensor_id",
    join_keys=["sensor_id"],
    value_type=ValueType.STRING,
    description="A sensor of an asset, e.g. P-101/vibration-de",
)

# The offline history: one Parquet file in the state directory, created empty by feast.sh (the file offline store
# appends to an existing file and refuses to create one).
sensor_windows_file = FileSource(
    name="sensor_windows_file",
    path="data/sensor_windows.parquet",
    timestamp_field="event_timestamp",
    created_timestamp_column="created",
)

sensor_windows_push = PushSource(name="sensor_windows_push", batch_source=sensor_windows_file)

sensor_window_features = FeatureView(
    name="sensor_window_features",
    entities=[sensor],
    # 0: windows never expire online; the latest one stays the sensor's value however old it is.
    ttl=timedelta(0),
    schema=[
        Field(name="asset_id", dtype=String),
        Field(name="window_start", dtype=Int64, description="epoch milliseconds"),
        Field(name="window_end", dtype=Int64, description="epoch milliseconds"),
        Field(name="sample_count", dtype=Int64),
        *[Field(name=name, dtype=Float64) for name in COMMON_FEATURES],
        Field(name="features_json", dtype=String, description="the whole feature map as a JSON object"),
    ],
    online=True,
    source=sensor_windows_push,
    tags={"owner": "feature-extraction"},
)
