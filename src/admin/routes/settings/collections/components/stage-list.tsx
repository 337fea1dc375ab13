import { ArrowDownMini, ArrowUpMini, Plus, Trash } from "@medusajs/icons"
import { Button, Container, Heading, IconButton, Text } from "@medusajs/ui"
import { moveStage, newStage } from "../../../../lib/policy-draft"
import type { Stage } from "../../../../lib/types"

/** A policy's stages in order, each with its timing and tone; pick one to edit, add, move or remove them. */
export const StageList = ({
  stages,
  stageIndex,
  errors,
  onSelect,
  onChange,
}: {
  stages: Stage[]
  stageIndex: number
  errors: Record<string, string>
  onSelect: (index: number) => void
  onChange: (update: (stages: Stage[]) => Stage[]) => void
}) => {
  const move = (i: number, by: number) => {
    onChange((current) => moveStage(current, i, by))
    onSelect(i + by)
  }
  return (
    <Container className="divide-y p-0" data-testid="stages">
      <div className="flex items-center justify-between px-6 py-4">
        <div>
          <Heading level="h2">Stages</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Days after the due date; the tone changes as the debt ages. A repeating stage is sent again every re-send interval until the next stage;
            after the last stage that sends, the last repeating stage goes on until the invoice is paid (within the contact cap). Escalation to the rep
            runs beside the reminders unless its stage stops them.
          </Text>
        </div>
        <Button
          size="small"
          variant="secondary"
          onClick={() => {
            onChange((current) => [...current, newStage(current.length + 1)])
            onSelect(stages.length)
          }}
        >
          <Plus /> Add stage
        </Button>
      </div>
      {errors.stages && <div className="px-6 py-2"><Text size="small" className="text-ui-fg-error">{errors.stages}</Text></div>}
      <ul className="divide-y">
        {stages.map((s, i) => (
          <li key={s.id ?? `new-${i}`} className={`flex items-center gap-x-3 px-6 py-2 ${i === stageIndex ? "bg-ui-bg-highlight" : ""}`}>
            <button type="button" className="flex-1 text-left" onClick={() => onSelect(i)} data-stage={s.name}>
              <Text size="small" weight="plus">{i + 1}. {s.name}</Text>
              <Text size="xsmall" className="text-ui-fg-subtle">
                {s.offset_days} days after due · {s.action === "escalate" ? "escalate to the rep" : `${s.tone} ${s.channel}`}
                {s.repeats ? " · repeats" : ""}
                {s.stops_reminders ? " · stops reminders" : ""}
                {Object.keys(errors).some((k) => k.startsWith(`stages.${i}.`)) ? " · has errors" : ""}
              </Text>
            </button>
            <IconButton size="small" variant="transparent" aria-label="Move up" disabled={i === 0} onClick={() => move(i, -1)}><ArrowUpMini /></IconButton>
            <IconButton size="small" variant="transparent" aria-label="Move down" disabled={i === stages.length - 1} onClick={() => move(i, 1)}><ArrowDownMini /></IconButton>
            <IconButton
              size="small"
              variant="transparent"
              aria-label="Remove stage"
              disabled={stages.length === 1}
              onClick={() => {
                onChange((current) => current.filter((_, j) => j !== i))
                onSelect(Math.max(0, Math.min(stageIndex, stages.length - 2)))
              }}
            >
              <Trash />
            </IconButton>
          </li>
        ))}
      </ul>
    </Container>
  )
}
