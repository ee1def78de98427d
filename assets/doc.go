// Package assets holds the files ftplab embeds, and nothing else:
//   - Lessons: the shipped lessons, one Markdown file with YAML front
//     matter per lesson, under lessons/ (package lessons parses and
//     validates them; lessons/README.md is the teachers' guide);
//   - Sample: the sample tree that "ftplab serve" offers when no --root
//     is given, under sample/.
//
// Invariants: it imports nothing but embed, holds no code that reads
// what it embeds, and every shipped lesson passes "ftplab lessons check"
// (TestShippedLessons in lessons, TestLessonsCheckShipped in cmd/ftplab).
package assets
