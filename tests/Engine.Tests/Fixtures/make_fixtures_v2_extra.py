#!/usr/bin/python3
"""A second set of v2 parity fixtures: larger and odd shapes (unit counts off the vector widths,
two-layer bidirectional stacks, a bidirectional GRU with an embedding and a softmax head, a
300-class softmax, batches of 80 and 96). Uses fixture() from the shared make_fixtures_v2.py, so the format and the
numerics are exactly the shared fixtures'.

Usage: /usr/bin/python3 make_fixtures_v2_extra.py SHARED_SCRIPT_DIR OUT_DIR
  e.g. /usr/bin/python3 tests/Engine.Tests/Fixtures/make_fixtures_v2_extra.py \
         ../shared/fixtures/pytorch-parity-v2 tests/Engine.Tests/Fixtures/pytorch-parity-v2-extra
"""
import json, os, sys

sys.path.insert(0, sys.argv[1])
from make_fixtures_v2 import fixture  # noqa: E402

SPECS = [
    ("emb_v40_e6_bigru_h9_l2_t8_b4_ce5", dict(cell="gru", L=2, H=9, B=4, T=8, bidirectional=True, head="ce", K=5, vocab=40, emb=6)),
    ("bilstm_d3_h17_l2_t6_b5_mse", dict(cell="lstm", L=2, H=17, B=5, T=6, bidirectional=True, head="mse", D=3)),
    ("emb_v100_e8_lstm_h17_t9_b6_ce300", dict(cell="lstm", L=1, H=17, B=6, T=9, bidirectional=False, head="ce", K=300, vocab=100, emb=8)),
    ("bigru_d4_h20_t10_b7_bce", dict(cell="gru", L=1, H=20, B=7, T=10, bidirectional=True, head="bce", D=4)),
    ("emb_v64_e8_lstm_h24_l2_t12_b8_bce", dict(cell="lstm", L=2, H=24, B=8, T=12, bidirectional=False, head="bce", vocab=64, emb=8)),
    ("emb_v25_e5_bilstm_h3_t1_b2_ce3", dict(cell="lstm", L=1, H=3, B=2, T=1, bidirectional=True, head="ce", K=3, vocab=25, emb=5)),
    # Batches large enough that the engine splits the weight gradients into several products.
    ("emb_v50_e4_bilstm_h5_t7_b96_bce", dict(cell="lstm", L=1, H=5, B=96, T=7, bidirectional=True, head="bce", vocab=50, emb=4)),
    ("bigru_d2_h6_l2_t9_b80_ce3", dict(cell="gru", L=2, H=6, B=80, T=9, bidirectional=True, head="ce", K=3, D=2)),
]

def main():
    out = sys.argv[2]; os.makedirs(out, exist_ok=True)
    for i, (name, kw) in enumerate(SPECS):
        doc = fixture(name, seed=200 + i, **kw)
        json.dump(doc, open(os.path.join(out, name + ".json"), "w"))
        print(name, "loss", round(doc["loss"], 6))

if __name__ == "__main__":
    main()
