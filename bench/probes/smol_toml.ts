// Start-up probe: the TOML parser alone, as the config layer imports it.
import { parse } from "smol-toml";

parse('api_token = "x"');
