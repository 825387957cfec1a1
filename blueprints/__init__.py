"""The site's blueprints, one folder each: core (home, health, errors, assets) and guides."""
