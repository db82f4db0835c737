//go:build tools

// Package tools pins the generators that benchmarks/compare.py runs beside contractgen.
package tools

import (
	_ "github.com/gzuidhof/tygo"
)
