"""Development tools: the benchmark, synthetic data and the load-and-fault run.

Installed only when `settings.DEVTOOLS` is on (DEBUG, the test suite, or DJANGO_DEVTOOLS=1);
production settings leave it out, so its commands do not exist there and the product code
never imports subprocess or a database driver directly.
"""
