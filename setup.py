"""The one thing pyproject.toml cannot say: two things the checkout keeps outside `stance/` go into the
wheel as package data under `stance/_bundled/`, where `stance.config` finds them when there is no checkout:

    data/actors.yaml    -> stance/_bundled/actors.yaml           the actor registry
    sample_articles/*   -> stance/_bundled/sample_articles/*     what `stance seed` and a first dashboard start load

The labelled corpora beside the registry (data/stance, data/attribution) stay out of the wheel: training
and evaluation run from a checkout. Everything else about the package is in pyproject.toml.
"""

from setuptools import find_namespace_packages, setup

BUNDLED = {"stance._bundled": "data", "stance._bundled.sample_articles": "sample_articles"}

setup(
    # namespace packages too: stance/classifier and dashboard/views have no __init__.py
    packages=find_namespace_packages(
        include=["stance", "stance.*", "dashboard", "dashboard.*"], exclude=["*.__pycache__"]
    )
    + list(BUNDLED),
    package_dir=BUNDLED,
    package_data={
        # the shipped classifier: one model, or an ensemble whose members are sub-folders
        "stance.classifier.weights": ["*.json", "*.safetensors", "*/*.json", "*/*.safetensors", "*/adapter/*"],
        "stance.store": ["migrations/script.py.mako"],
        "stance._bundled": ["actors.yaml"],
        "stance._bundled.sample_articles": ["*"],
    },
)
