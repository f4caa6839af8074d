package graph_test

import (
	"fmt"

	"github.com/alertmanager-pushover/alertmanager-pushover/graph"
)

func ExampleExpr() {
	expr, err := graph.Expr("http://prometheus:9090/graph?g0.expr=rate%28errors_total%5B5m%5D%29+%3E+1&g0.tab=1")
	fmt.Println(expr, err)
	_, err = graph.Expr("https://grafana.example/alerting/grafana/abc/view")
	fmt.Println(graph.ReasonOf(err))
	// Output:
	// rate(errors_total[5m]) > 1 <nil>
	// no_graph_link
}
