CREATE TABLE IF NOT EXISTS test (
  build_commit TEXT,
  avg_ts REAL
);
INSERT INTO test (build_commit, avg_ts) VALUES ('8cf427ff', '119.9');
