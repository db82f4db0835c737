package external

import (
	"net/netip"
	"time"

	"github.com/google/uuid"
	dec "github.com/shopspring/decimal"
)

// Money writes itself as a JSON string such as "12.50".
type Money struct{ cents int64 }

func (m Money) MarshalJSON() ([]byte, error) { return nil, nil }

// Level writes itself as text: its JSON is a string.
type Level int

const (
	LevelLow Level = iota
	LevelHigh
)

func (l Level) MarshalText() ([]byte, error) { return nil, nil }

// Stamp embeds time.Time, whose MarshalJSON is promoted: a Stamp is written as a time string.
type Stamp struct {
	time.Time
	Note string
}

type Invoice struct {
	ID       uuid.UUID       `json:"id"`
	Owner    *uuid.UUID      `json:"owner"`
	Total    Money           `json:"total"`
	Discount dec.NullDecimal `json:"discount"`
	Rate     dec.Decimal     `json:"rate"`
	Level    Level           `json:"level"`
	Stamp    Stamp           `json:"stamp"`
	Addr     netip.Addr      `json:"addr"`
	Timeout  time.Duration   `json:"timeout"`
}
