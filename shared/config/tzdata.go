package config

// The provided.al2023 Lambda image has no time-zone database, and Load calls
// time.LoadLocation at every start: embedding the zone data (~450 KB) is what
// lets a bootstrap start in an empty root (infra/bareroot tests it).
import _ "time/tzdata"
