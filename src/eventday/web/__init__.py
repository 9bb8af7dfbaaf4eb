"""The web layer: templating, i18n, static assets, forms, guards, errors, middleware."""
