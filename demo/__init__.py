"""The demo school: content as data (content/*.yaml), per-feature seeders and `seed_demo`.

Nothing in the product imports this app; it is installed only when its folder is present
(a source checkout), and left out of the wheel and the Docker image (see docs/demo.md).
"""
