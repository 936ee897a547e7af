/**
 * `node tests/bench/support/profileSummary.ts <file.cpuprofile> [top]`: the functions
 * with the most self and inclusive time in a V8 CPU profile (the server's
 * `--cpu-prof` through CODEV_BENCH_SERVER_NODE_ARGS, or the page's through
 * CODEV_BENCH_BROWSER_PROFILE), as shares of the profile's wall time.
 * `--last S` keeps only the profile's last S seconds (e.g. W's run, not the connects).
 */
import { readFileSync } from 'node:fs'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}
interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

const args = process.argv.slice(2)
const lastSeconds = args.includes('--last') ? Number(args.splice(args.indexOf('--last'), 2)[1]) : 0
const [file, topArg] = args
if (!file) throw new Error('usage: profileSummary.ts <file.cpuprofile> [top] [--last S]')
const top = Number(topArg ?? 30)
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile
const byId = new Map(profile.nodes.map((node) => [node.id, node]))
const parent = new Map<number, number>()
for (const node of profile.nodes)
  for (const child of node.children ?? []) parent.set(child, node.id)

const wallMicros = profile.timeDeltas.reduce((sum, delta) => sum + delta, 0)
const fromMicros = lastSeconds > 0 ? wallMicros - lastSeconds * 1e6 : 0
const timeByNode = new Map<number, number>()
let at = 0
profile.samples.forEach((id, i) => {
  const delta = profile.timeDeltas[i] ?? 0
  at += delta
  if (at >= fromMicros) timeByNode.set(id, (timeByNode.get(id) ?? 0) + delta)
})
const label = ({ callFrame }: ProfileNode) =>
  `${callFrame.functionName || '(anonymous)'} ${callFrame.url.split('/').slice(-3).join('/')}:${callFrame.lineNumber}`

const self = new Map<string, number>()
const inclusive = new Map<string, number>()
for (const [id, time] of timeByNode) {
  const name = label(byId.get(id)!)
  self.set(name, (self.get(name) ?? 0) + time)
  const counted = new Set<string>() // a recursive function counts once per sample
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const ancestor = label(byId.get(at)!)
    if (counted.has(ancestor)) continue
    counted.add(ancestor)
    inclusive.set(ancestor, (inclusive.get(ancestor) ?? 0) + time)
  }
}
const total = [...timeByNode.values()].reduce((sum, time) => sum + time, 0)
const print = (title: string, times: Map<string, number>) => {
  console.log(`--- ${title}`)
  for (const [name, time] of [...times].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${((100 * time) / total).toFixed(1).padStart(5)} %  ${name}`)
  }
}
console.log(`${(total / 1e6).toFixed(1)} s of profile`)
print('self', self)
print('inclusive', inclusive)
