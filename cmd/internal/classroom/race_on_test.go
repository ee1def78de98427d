//go:build race

package classroom

// raceDetector: the tests run with -race.
const raceDetector = true
