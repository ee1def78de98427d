package player

// SeekTo moves towards step k of the run on screen, as a teacher's
// step in a class does: forward one live operation at a time, stopping
// before each checkpoint on the way (answered, Continue goes on towards
// k); backward at once, closing a checkpoint on screen unanswered.
func (p *Player) SeekTo(k int) Do {
	if k < p.step {
		p.q, p.seek = nil, 0
		p.jump(k)
		return p.note()
	}
	p.seek = k
	return p.seekOn()
}
