package classroom

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// WriteCSV writes every answer of the class: student, lesson, checkpoint
// (from 1), question, answer given, correct.
func WriteCSV(w io.Writer, c *Class) error {
	questions := map[qkey]string{}
	for _, l := range c.course {
		for i, cp := range l.Checkpoints {
			questions[qkey{l.ID, i}] = cp.Question
		}
	}
	cw := csv.NewWriter(w)
	cw.Write([]string{"student", "lesson", "checkpoint", "question", "answer", "correct"})
	for _, r := range c.Results() {
		cw.Write([]string{r.Student, r.Lesson, strconv.Itoa(r.Checkpoint + 1),
			questions[qkey{r.Lesson, r.Checkpoint}], cell(r.Given), strconv.FormatBool(r.Correct)})
	}
	cw.Flush()
	return cw.Error()
}

// exportCSV writes the class's results to a new file in dir and returns
// its path.
func exportCSV(dir string, c *Class, now time.Time) (string, error) {
	path := filepath.Join(dir, "results-"+now.Format("20060102-150405")+".csv")
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", fmt.Errorf("export: %w", err)
	}
	if err := WriteCSV(f, c); err != nil {
		f.Close()
		return "", fmt.Errorf("export %s: %w", path, err)
	}
	return path, f.Close()
}

// cell keeps a typed answer from being read as a spreadsheet formula.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
