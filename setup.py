"""The optional C extension; everything else about the package is in pyproject.toml.

Declared here rather than under [tool.setuptools] ext-modules in pyproject.toml, which
setuptools still calls experimental (and warns about at every install). ``optional=True``:
without a C compiler the install goes on and the name index uses its numpy and Python code,
which give the same results more slowly (``complicity --version`` says which one runs)."""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "complicity.names._native",
            sources=["src/complicity/names/_native.c"],
            optional=True,
        )
    ]
)
