//go:build debug

package tags

type DebugOnly struct{ Trace string }
