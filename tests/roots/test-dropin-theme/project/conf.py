# A project with its own theme: its layout lists the stylesheets itself.
project = "Themed"
extensions = ["myst_parser"]
exclude_patterns = ["_build"]
html_theme = "plainer"
html_theme_path = ["_themes"]
today = "1 January 2026"
