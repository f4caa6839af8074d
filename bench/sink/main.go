// Command sink is the stand-in for a chat service's incoming-webhook URL in
// bench/compare.sh: it answers every POST with 200 and "1" (what a Microsoft
// Teams connector answers), counts the posts and the bytes they carried,
// and reports the counts as JSON on GET /_sink/stats. It prints
// "listening on http://HOST:PORT" on one line of stdout once it serves.
//
//	sink -listen 127.0.0.1:0
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"
)

// Stats are what the sink counted.
type Stats struct {
	Posts int64 `json:"posts"`
	Bytes int64 `json:"bytes"`
}

type sink struct{ posts, bytes atomic.Int64 }

func (s *sink) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet && r.URL.Path == "/_sink/stats" {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(Stats{Posts: s.posts.Load(), Bytes: s.bytes.Load()})
		return
	}
	if r.Method != http.MethodPost {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	n, _ := io.Copy(io.Discard, r.Body)
	s.bytes.Add(n)
	s.posts.Add(1)
	_, _ = io.WriteString(w, "1")
}

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "address to listen on")
	flag.Parse()
	l, err := net.Listen("tcp", *listen)
	if err != nil {
		fmt.Fprintln(os.Stderr, "sink:", err)
		os.Exit(1)
	}
	srv := &http.Server{Handler: &sink{}, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(l) }()
	fmt.Println("listening on http://" + l.Addr().String())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	_ = srv.Close()
}
