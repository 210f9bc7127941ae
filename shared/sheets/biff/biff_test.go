package biff

import (
	"bytes"
	"io"
	"math/rand/v2"
	"testing"

	"github.com/richardlehane/mscfb"
	"github.com/shakinm/xlsReader/cfb"
)

func TestCompoundFileHoldsTheStreamForBothReaders(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, size := range []int{100, 4096, 70_000, 9 << 20} { // 9 MB needs DIFAT sectors
		stream := make([]byte, size)
		for i := range stream {
			stream[i] = byte(rng.Uint32())
		}
		file := compoundFile(stream)

		doc, err := mscfb.New(bytes.NewReader(file))
		if err != nil {
			t.Fatalf("%d bytes: mscfb: %v", size, err)
		}
		e, err := doc.Next()
		if err != nil || e.Name != "Workbook" {
			t.Fatalf("%d bytes: mscfb: got entry %v, %v; want Workbook", size, e, err)
		}
		got, err := io.ReadAll(e)
		if err != nil || !bytes.HasPrefix(got, stream) {
			t.Fatalf("%d bytes: mscfb read back %d bytes, %v; want the stream", size, len(got), err)
		}

		c, err := cfb.OpenReader(bytes.NewReader(file))
		if err != nil {
			t.Fatalf("%d bytes: xlsReader's cfb: %v", size, err)
		}
		var book, root *cfb.Directory
		for _, d := range c.GetDirs() {
			switch d.Name() {
			case "Workbook":
				book = d
			case "Root Entry":
				root = d
			}
		}
		r, err := c.OpenObject(book, root)
		if err != nil {
			t.Fatalf("%d bytes: xlsReader's cfb: %v", size, err)
		}
		got, _ = io.ReadAll(r)
		if !bytes.HasPrefix(got, stream) {
			t.Fatalf("%d bytes: xlsReader's cfb read back something else", size)
		}
	}
}
