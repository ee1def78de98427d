package main

import (
	"context"
	"errors"
	"io"
)

func runLs(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("ls: not built yet")
}

func runGet(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("get: not built yet")
}

func runPut(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("put: not built yet")
}
