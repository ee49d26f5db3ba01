// Intentionally empty: the start-up floor of the runtime with the CLI's flags.
