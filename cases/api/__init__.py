"""The portal's REST API (/api/v1/): the pages' own rules, selectors, forms and services, as JSON."""
