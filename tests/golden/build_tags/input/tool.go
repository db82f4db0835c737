//go:build ignore

package main

type NotScanned struct{}
