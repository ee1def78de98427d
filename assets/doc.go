// Package assets holds the files ftplab embeds: the sample tree that
// "ftplab serve" offers when no --root is given (Sample), and later the
// lesson Markdown and colour themes. It imports nothing of the project.
package assets
