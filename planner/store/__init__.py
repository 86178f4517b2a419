"""Where the data file lives and how it is kept safe: paths, opening, migrations, backups, integrity."""
