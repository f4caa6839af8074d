package templates

import (
	"text/template/parse"
)

// personalFields are the fields of Data that differ between the
// recipients of one delivery.
var personalFields = map[string]bool{"Recipient": true, "Route": true, "Priority": true}

// personal reports, from the parse trees alone, whether a template may
// render differently for another recipient of the same alerts: whether it
// reads .Recipient, .Route or .Priority, or hands the whole Data to a
// function or prints it. lookup finds the templates it calls; a call to
// one it cannot find counts as personal. It errs on the side of personal.
func personal(root *parse.Tree, lookup func(name string) *parse.Tree) bool {
	if root == nil {
		return false
	}
	w := depWalker{lookup: lookup, seen: map[depVisit]bool{}}
	return w.list(root.Root, true)
}

type depVisit struct {
	name string
	data bool
}

// depWalker walks parse trees knowing whether dot (and $) is the Data.
type depWalker struct {
	lookup func(string) *parse.Tree
	seen   map[depVisit]bool
}

func (w *depWalker) list(l *parse.ListNode, data bool) bool {
	if l == nil {
		return false
	}
	for _, n := range l.Nodes {
		if w.node(n, data) {
			return true
		}
	}
	return false
}

// node: in a template called with the Data, $ is the Data too; range and
// with change dot (not $) inside their body, so there dot is not the Data.
// Conservatively, $ is taken to be the Data everywhere.
func (w *depWalker) node(n parse.Node, data bool) bool {
	switch n := n.(type) {
	case *parse.ActionNode:
		return w.pipe(n.Pipe, data)
	case *parse.IfNode:
		return w.pipe(n.Pipe, data) || w.list(n.List, data) || w.list(n.ElseList, data)
	case *parse.RangeNode:
		return w.pipe(n.Pipe, data) || w.list(n.List, false) || w.list(n.ElseList, data)
	case *parse.WithNode:
		return w.pipe(n.Pipe, data) || w.list(n.List, false) || w.list(n.ElseList, data)
	case *parse.ListNode:
		return w.list(n, data)
	case *parse.TemplateNode:
		return w.call(n, data)
	}
	return false // text, comments, break, continue
}

// call follows {{ template "name" pipe }} with what the callee's dot is.
func (w *depWalker) call(n *parse.TemplateNode, data bool) bool {
	calleeData := false
	if n.Pipe != nil {
		if a, ok := soleArg(n.Pipe); ok {
			switch a := a.(type) {
			case *parse.DotNode:
				calleeData = data
			case *parse.VariableNode:
				calleeData = len(a.Ident) == 1 && a.Ident[0] == "$"
			}
		}
		if !calleeData && w.pipe(n.Pipe, data) {
			return true
		}
	}
	v := depVisit{name: n.Name, data: calleeData}
	if w.seen[v] {
		return false
	}
	w.seen[v] = true
	t := w.lookup(n.Name)
	if t == nil {
		return true
	}
	return w.list(t.Root, calleeData)
}

func soleArg(p *parse.PipeNode) (parse.Node, bool) {
	if len(p.Decl) > 0 || len(p.Cmds) != 1 || len(p.Cmds[0].Args) != 1 {
		return nil, false
	}
	return p.Cmds[0].Args[0], true
}

func (w *depWalker) pipe(p *parse.PipeNode, data bool) bool {
	if p == nil {
		return false
	}
	for _, c := range p.Cmds {
		for _, a := range c.Args {
			if w.arg(a, data) {
				return true
			}
		}
	}
	return false
}

// arg reports whether a reads a personal field or is the whole Data.
func (w *depWalker) arg(a parse.Node, data bool) bool {
	switch a := a.(type) {
	case *parse.DotNode:
		return data
	case *parse.FieldNode:
		return anyPersonal(a.Ident)
	case *parse.ChainNode:
		return anyPersonal(a.Field) || w.arg(a.Node, data)
	case *parse.VariableNode:
		if len(a.Ident) == 1 && a.Ident[0] == "$" {
			return true
		}
		return anyPersonal(a.Ident[1:])
	case *parse.PipeNode:
		return w.pipe(a, data)
	}
	return false
}

func anyPersonal(idents []string) bool {
	for _, id := range idents {
		if personalFields[id] {
			return true
		}
	}
	return false
}
