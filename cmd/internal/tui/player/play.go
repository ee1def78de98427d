package player

import "time"

// Playing reports whether the run plays (the view's clock ticks Forward
// every Interval, or at full speed the view follows the live run).
func (p *Player) Playing() bool { return p.playing }

// TogglePlay starts or stops playing. Nothing plays while a checkpoint
// is on screen.
func (p *Player) TogglePlay() {
	p.playing = !p.playing && p.q == nil
}

// StopPlay stops playing.
func (p *Player) StopPlay() { p.playing = false }

// Interval is the pause between steps when playing; 0 at full speed.
func (p *Player) Interval() time.Duration {
	if p.Full() {
		return 0
	}
	return Speeds[p.speed]
}

// Full reports whether playing runs at full speed: the live lab holds no
// operation and the screen follows the newest event.
func (p *Player) Full() bool { return p.speed >= len(Speeds) }

// Faster and Slower move along Speeds; beyond the fastest is full speed.
func (p *Player) Faster() { p.speed = min(p.speed+1, len(Speeds)) }
func (p *Player) Slower() { p.speed = max(p.speed-1, 0) }

// SetSpeed sets the pace directly (an index in Speeds, len(Speeds) for
// full speed).
func (p *Player) SetSpeed(i int) { p.speed = max(0, min(i, len(Speeds))) }

// PlayTick is one tick of the play clock: one step on; at the end of the
// run playing stops.
func (p *Player) PlayTick() Do {
	if !p.playing {
		return Do{}
	}
	d := p.Forward()
	if p.playing && p.AtEnd() {
		p.playing = false
	}
	return d
}

// Follow shows the newest event while playing at full speed; at the end
// of the run playing stops. A checkpoint on the way stops it too.
func (p *Player) Follow() Do { return p.follow() }

func (p *Player) follow() Do {
	if !p.playing || !p.Full() || p.q != nil {
		return Do{}
	}
	d := p.JumpTo(p.tl.Len())
	if p.playing && p.AtEnd() {
		p.playing = false
	}
	return d
}
