import { defineRouteConfig } from "@medusajs/admin-sdk"
import { ArrowDownMini, ArrowUpMini, Plus, Trash } from "@medusajs/icons"
import { Badge, Button, Checkbox, Container, Heading, IconButton, Input, Label, Select, Switch, Text, Textarea, toast, usePrompt } from "@medusajs/ui"
import { useEffect, useMemo, useRef, useState } from "react"
import { Field } from "../../../components/field"
import { EmptyState, ErrorState, LoadingRows, errorMessage } from "../../../components/states"
import { fetchPreview, useCustomerGroups, useCustomerSearch, useDeletePolicy, usePolicies, useSavePolicy, useTemplateVariables } from "../../../hooks/api/policies"
import { pathErrors } from "../../../lib/format"
import type { Policy, Preview, Stage, TemplateProblem } from "../../../lib/types"

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
const TEMPLATE_FIELDS = ["subject_template", "body_html_template", "body_text_template"] as const
type TemplateFieldName = (typeof TEMPLATE_FIELDS)[number]

type Draft = Omit<Policy, "id"> & { id: string | null }

/** What an admin can change on a policy; the API refuses anything else it answers with (timestamps, metadata). */
const EDITABLE_FIELDS = [
  "name",
  "enabled",
  "priority",
  "customer_group_ids",
  "tolerance_days",
  "resend_days",
  "max_notices",
  "max_contacts_per_30_days",
  "cc",
  "bcc",
  "reply_to",
  "timezone",
  "send_days",
  "send_hour_start",
  "send_hour_end",
  "channels",
] as const satisfies ReadonlyArray<keyof Draft>

const NEW_POLICY: Draft = {
  id: null,
  name: "",
  is_default: false,
  enabled: true,
  priority: 10,
  customer_group_ids: [],
  tolerance_days: 3,
  resend_days: 7,
  max_notices: null,
  max_contacts_per_30_days: 4,
  cc: [],
  bcc: [],
  reply_to: null,
  timezone: "UTC",
  send_days: [1, 2, 3, 4, 5],
  send_hour_start: 8,
  send_hour_end: 18,
  channels: ["email"],
  stages: [],
}

const newStage = (n: number): Stage => ({
  name: `Reminder ${n}`,
  offset_days: n * 7,
  action: "send",
  tone: "neutral",
  repeats: false,
  stops_reminders: false,
  channel: "email",
  subject_template: "Overdue invoices from {{store.name}}",
  body_html_template: "<p>Dear {{customer.name}},</p>\n<p>These invoices are overdue:</p>\n{{> invoiceTable}}",
  body_text_template: null,
})

/** Settings → Collections: dunning policies, their stages and templates, with a live preview rendered by the server. */
const CollectionsSettingsPage = () => {
  const policies = usePolicies()
  const [selectedId, setSelectedId] = useState<string | "new" | null>(null)
  const list = policies.data?.policies ?? []
  const selected = selectedId === "new" ? null : list.find((p) => p.id === selectedId) ?? list.find((p) => p.is_default) ?? list[0] ?? null
  return (
    <div className="flex flex-col gap-y-3" data-testid="dunning-settings">
      <Container className="flex items-center justify-between px-6 py-4">
        <div>
          <Heading level="h1">Collections</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            When and how overdue customers are reminded. A customer group can have its own policy; the highest priority wins.
          </Text>
        </div>
        <Button size="small" variant="secondary" onClick={() => setSelectedId("new")}>
          <Plus /> New group policy
        </Button>
      </Container>
      {policies.isLoading && <Container className="p-0"><LoadingRows rows={6} /></Container>}
      {policies.error && <Container className="p-0"><ErrorState error={policies.error} onRetry={() => policies.refetch()} /></Container>}
      {policies.data && (
        <>
          <div className="flex flex-wrap gap-2">
            {list.map((p) => (
              <Button key={p.id} size="small" variant={selected?.id === p.id && selectedId !== "new" ? "primary" : "secondary"} onClick={() => setSelectedId(p.id)}>
                {p.name}
                {p.is_default && <Badge size="2xsmall">default</Badge>}
                {!p.enabled && <Badge size="2xsmall" color="grey">off</Badge>}
              </Button>
            ))}
          </div>
          {selectedId === "new" || selected ? (
            <PolicyEditor
              key={selectedId === "new" ? "new" : selected!.id}
              policy={selectedId === "new" ? null : selected}
              onSaved={(p) => setSelectedId(p.id)}
              onDeleted={() => setSelectedId(null)}
            />
          ) : (
            <Container className="p-0"><EmptyState title="No policy yet" /></Container>
          )}
        </>
      )}
    </div>
  )
}

const toDraft = (policy: Policy | null): Draft =>
  policy ? { ...policy, stages: policy.stages.map((s) => ({ ...s })) } : { ...NEW_POLICY, stages: [newStage(1)] }

const PolicyEditor = ({ policy, onSaved, onDeleted }: { policy: Policy | null; onSaved: (p: Policy) => void; onDeleted: () => void }) => {
  const [draft, setDraft] = useState<Draft>(() => toDraft(policy))
  const [stageIndex, setStageIndex] = useState(0)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const save = useSavePolicy()
  const remove = useDeletePolicy()
  const groups = useCustomerGroups()
  const prompt = usePrompt()
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }))
  const setStage = (i: number, patch: Partial<Stage>) => setDraft((d) => ({ ...d, stages: d.stages.map((s, j) => (j === i ? { ...s, ...patch } : s)) }))
  const moveStage = (i: number, by: number) =>
    setDraft((d) => {
      const stages = [...d.stages]
      const [s] = stages.splice(i, 1)
      stages.splice(i + by, 0, s)
      setStageIndex(i + by)
      return { ...d, stages }
    })
  const stage = draft.stages[Math.min(stageIndex, draft.stages.length - 1)]

  const submit = () => {
    setErrors({})
    const { id, is_default } = draft
    const body: Record<string, unknown> = {
      ...Object.fromEntries(EDITABLE_FIELDS.map((key) => [key, draft[key]])),
      stages: draft.stages.map(({ position, ...s }) => s),
      ...(id ? {} : { is_default: false }),
    }
    if (is_default) {
      delete body.customer_group_ids
    }
    save.mutate(
      { id, body },
      {
        onSuccess: ({ policy: saved }) => {
          toast.success("Policy saved")
          onSaved(saved)
        },
        onError: (e) => setErrors(pathErrors(errorMessage(e))),
      }
    )
  }
  const del = async () => {
    if (!draft.id) return
    const ok = await prompt({ title: `Delete ${draft.name}?`, description: "Its customers fall back to the default policy.", confirmText: "Delete", cancelText: "Cancel" })
    if (!ok) return
    remove.mutate(draft.id, { onSuccess: () => { toast.success("Policy deleted"); onDeleted() }, onError: (e) => toast.error(errorMessage(e)) })
  }
  const num = (key: keyof Draft) => (e: React.ChangeEvent<HTMLInputElement>) => set(key, (e.target.value === "" ? "" : Number(e.target.value)) as any)

  return (
    <div className="flex flex-col gap-y-3">
      <Container className="divide-y p-0" data-testid="policy-form">
        <div className="flex items-center justify-between px-6 py-4">
          <Heading level="h2">{draft.id ? draft.name : "New group policy"}</Heading>
          <div className="flex items-center gap-x-3">
            <div className="flex items-center gap-x-2">
              <Switch id="enabled" checked={draft.enabled} onCheckedChange={(v) => set("enabled", v)} />
              <Label htmlFor="enabled" size="small">Enabled</Label>
            </div>
            {draft.id && !draft.is_default && (
              <Button size="small" variant="danger" onClick={del} isLoading={remove.isPending}>Delete</Button>
            )}
            <Button size="small" onClick={submit} isLoading={save.isPending}>Save</Button>
          </div>
        </div>
        {errors._ && <div className="px-6 py-3"><Text size="small" className="text-ui-fg-error" role="alert">{errors._}</Text></div>}
        <div className="grid grid-cols-1 gap-4 px-6 py-4 md:grid-cols-3">
          <Field label="Name" name="name" error={errors.name}>
            <Input id="name" value={draft.name} onChange={(e) => set("name", e.target.value)} />
          </Field>
          <Field
            label="Grace days before the first notice"
            name="tolerance_days"
            error={errors.tolerance_days}
            hint={`Overdue notices wait until an invoice is ${draft.tolerance_days || 0} days overdue: an overdue stage goes out at its own days or the grace days, whichever is later. Reminders before and on the due day are not held back. Saving re-plans every open invoice.`}
          >
            <Input id="tolerance_days" type="number" value={draft.tolerance_days} onChange={num("tolerance_days")} />
          </Field>
          <Field label="Days between re-sends" name="resend_days" error={errors.resend_days}>
            <Input id="resend_days" type="number" value={draft.resend_days} onChange={num("resend_days")} />
          </Field>
          <Field
            label="Most notices per invoice"
            name="max_notices"
            error={errors.max_notices}
            hint={
              draft.max_notices === null
                ? "Empty: reminders go on every re-send interval until the invoice is paid."
                : `After ${draft.max_notices} notices reminders stop and the invoice is escalated to the account rep ${draft.resend_days || 0} days after the last one. Leave empty to remind until paid.`
            }
          >
            <Input
              id="max_notices"
              type="number"
              placeholder="until paid"
              value={draft.max_notices ?? ""}
              onChange={(e) => set("max_notices", e.target.value === "" ? null : Number(e.target.value))}
            />
          </Field>
          <Field label="Most contacts per customer in 30 days" name="max_contacts_per_30_days" error={errors.max_contacts_per_30_days}>
            <Input id="max_contacts_per_30_days" type="number" value={draft.max_contacts_per_30_days} onChange={num("max_contacts_per_30_days")} />
          </Field>
          {!draft.is_default && (
            <Field label="Priority" name="priority" error={errors.priority} hint="Higher wins when a customer is in several groups.">
              <Input id="priority" type="number" value={draft.priority} onChange={num("priority")} />
            </Field>
          )}
          <Field label="CC (collections manager)" name="cc" error={errors.cc} hint="Comma-separated.">
            <Input id="cc" value={(draft.cc ?? []).join(", ")} onChange={(e) => set("cc", splitList(e.target.value))} />
          </Field>
          <Field label="BCC" name="bcc" error={errors.bcc}>
            <Input id="bcc" value={(draft.bcc ?? []).join(", ")} onChange={(e) => set("bcc", splitList(e.target.value))} />
          </Field>
          <Field label="Reply-To" name="reply_to" error={errors.reply_to}>
            <Input id="reply_to" value={draft.reply_to ?? ""} onChange={(e) => set("reply_to", e.target.value.trim() || null)} />
          </Field>
          <Field label="Timezone" name="timezone" error={errors.timezone} hint="IANA name, e.g. Europe/Berlin.">
            <Input id="timezone" value={draft.timezone} onChange={(e) => set("timezone", e.target.value)} />
          </Field>
          <Field label="Send window (hours)" name="send_hour_start" error={errors.send_hour_start ?? errors.send_hour_end}>
            <div className="flex items-center gap-x-2">
              <Input id="send_hour_start" type="number" value={draft.send_hour_start} onChange={num("send_hour_start")} />
              <Text size="small">to</Text>
              <Input id="send_hour_end" type="number" value={draft.send_hour_end} onChange={num("send_hour_end")} />
            </div>
          </Field>
          <Field label="Send days" name="send_days" error={errors.send_days}>
            <div className="flex flex-wrap gap-x-3 gap-y-1">
              {WEEKDAYS.map((d, i) => (
                <div key={d} className="flex items-center gap-x-1">
                  <Checkbox
                    id={`day-${i + 1}`}
                    checked={draft.send_days.includes(i + 1)}
                    onCheckedChange={(v) => set("send_days", v === true ? [...draft.send_days, i + 1].sort() : draft.send_days.filter((x) => x !== i + 1))}
                  />
                  <Label htmlFor={`day-${i + 1}`} size="xsmall">{d}</Label>
                </div>
              ))}
            </div>
          </Field>
          {!draft.is_default && (
            <Field label="Customer groups" name="customer_group_ids" error={errors.customer_group_ids}>
              <div className="flex max-h-32 flex-col gap-y-1 overflow-y-auto">
                {(groups.data?.customer_groups ?? []).map((g: any) => (
                  <div key={g.id} className="flex items-center gap-x-2">
                    <Checkbox
                      id={`group-${g.id}`}
                      checked={(draft.customer_group_ids ?? []).includes(g.id)}
                      onCheckedChange={(v) =>
                        set("customer_group_ids", v === true ? [...(draft.customer_group_ids ?? []), g.id] : (draft.customer_group_ids ?? []).filter((x) => x !== g.id))
                      }
                    />
                    <Label htmlFor={`group-${g.id}`} size="xsmall">{g.name}</Label>
                  </div>
                ))}
                {groups.data && groups.data.customer_groups.length === 0 && <Text size="xsmall" className="text-ui-fg-subtle">No customer groups yet.</Text>}
              </div>
            </Field>
          )}
        </div>
      </Container>

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
              setDraft((d) => ({ ...d, stages: [...d.stages, newStage(d.stages.length + 1)] }))
              setStageIndex(draft.stages.length)
            }}
          >
            <Plus /> Add stage
          </Button>
        </div>
        {errors.stages && <div className="px-6 py-2"><Text size="small" className="text-ui-fg-error">{errors.stages}</Text></div>}
        <ul className="divide-y">
          {draft.stages.map((s, i) => (
            <li key={s.id ?? `new-${i}`} className={`flex items-center gap-x-3 px-6 py-2 ${i === stageIndex ? "bg-ui-bg-highlight" : ""}`}>
              <button type="button" className="flex-1 text-left" onClick={() => setStageIndex(i)} data-stage={s.name}>
                <Text size="small" weight="plus">{i + 1}. {s.name}</Text>
                <Text size="xsmall" className="text-ui-fg-subtle">
                  {s.offset_days} days after due · {s.action === "escalate" ? "escalate to the rep" : `${s.tone} ${s.channel}`}
                  {s.repeats ? " · repeats" : ""}
                  {s.stops_reminders ? " · stops reminders" : ""}
                  {Object.keys(errors).some((k) => k.startsWith(`stages.${i}.`)) ? " · has errors" : ""}
                </Text>
              </button>
              <IconButton size="small" variant="transparent" aria-label="Move up" disabled={i === 0} onClick={() => moveStage(i, -1)}><ArrowUpMini /></IconButton>
              <IconButton size="small" variant="transparent" aria-label="Move down" disabled={i === draft.stages.length - 1} onClick={() => moveStage(i, 1)}><ArrowDownMini /></IconButton>
              <IconButton
                size="small"
                variant="transparent"
                aria-label="Remove stage"
                disabled={draft.stages.length === 1}
                onClick={() => {
                  setDraft((d) => ({ ...d, stages: d.stages.filter((_, j) => j !== i) }))
                  setStageIndex(Math.max(0, Math.min(stageIndex, draft.stages.length - 2)))
                }}
              >
                <Trash />
              </IconButton>
            </li>
          ))}
        </ul>
      </Container>

      {stage && (
        <StageEditor
          key={stageIndex}
          stage={stage}
          index={stageIndex}
          errors={errors}
          onChange={(patch) => setStage(stageIndex, patch)}
        />
      )}
    </div>
  )
}

const humanizeField = (field: string) =>
  ({ subject: "Subject", body_html: "HTML body", body_text: "Text body" } as Record<string, string>)[field] ?? field

const splitList = (value: string) => value.split(/[,;\s]+/).map((v) => v.trim()).filter(Boolean)

const StageEditor = ({
  stage,
  index,
  errors,
  onChange,
}: {
  stage: Stage
  index: number
  errors: Record<string, string>
  onChange: (patch: Partial<Stage>) => void
}) => {
  const variables = useTemplateVariables()
  const [focused, setFocused] = useState<TemplateFieldName>("body_html_template")
  const refs = useRef<Record<string, HTMLTextAreaElement | HTMLInputElement | null>>({})
  const err = (field: string) => errors[`stages.${index}.${field}`]
  const insert = (snippet: string) => {
    const el = refs.current[focused]
    const current = (stage[focused] ?? "") as string
    const at = el?.selectionStart ?? current.length
    const end = el?.selectionEnd ?? at
    onChange({ [focused]: current.slice(0, at) + snippet + current.slice(end) } as Partial<Stage>)
  }
  return (
    <div className="grid grid-cols-1 gap-3 xl:grid-cols-2">
      <Container className="divide-y p-0" data-testid="stage-editor">
        <div className="px-6 py-4">
          <Heading level="h2">{stage.name}</Heading>
        </div>
        <div className="grid grid-cols-2 gap-4 px-6 py-4">
          <Field label="Name" name={`stages.${index}.name`} error={err("name")}>
            <Input value={stage.name} onChange={(e) => onChange({ name: e.target.value })} />
          </Field>
          <Field label="Days after due date" name={`stages.${index}.offset_days`} error={err("offset_days")}>
            <Input type="number" value={stage.offset_days} onChange={(e) => onChange({ offset_days: Number(e.target.value) })} />
          </Field>
          <Field label="Action" name={`stages.${index}.action`} error={err("action")}>
            <Select value={stage.action} onValueChange={(v) => onChange({ action: v as Stage["action"] })}>
              <Select.Trigger><Select.Value /></Select.Trigger>
              <Select.Content>
                <Select.Item value="send">Send a notice</Select.Item>
                <Select.Item value="escalate">Escalate to the account rep</Select.Item>
              </Select.Content>
            </Select>
          </Field>
          <Field label="Tone" name={`stages.${index}.tone`} error={err("tone")}>
            <Select value={stage.tone} onValueChange={(v) => onChange({ tone: v as Stage["tone"] })}>
              <Select.Trigger><Select.Value /></Select.Trigger>
              <Select.Content>
                {["friendly", "neutral", "firm", "final"].map((t) => <Select.Item key={t} value={t}>{t}</Select.Item>)}
              </Select.Content>
            </Select>
          </Field>
          <Field label="Channel" name={`stages.${index}.channel`} error={err("channel")}>
            <Select value={stage.channel} onValueChange={(v) => onChange({ channel: v as Stage["channel"] })}>
              <Select.Trigger><Select.Value /></Select.Trigger>
              <Select.Content>
                <Select.Item value="email">E-mail</Select.Item>
                <Select.Item value="webhook">Webhook</Select.Item>
              </Select.Content>
            </Select>
          </Field>
          <div className="flex items-center gap-x-2 pt-6">
            <Checkbox id={`repeats-${index}`} checked={stage.repeats} onCheckedChange={(v) => onChange({ repeats: v === true })} />
            <Label htmlFor={`repeats-${index}`} size="small">Repeat every re-send interval</Label>
          </div>
          <div className="col-span-2 flex flex-col gap-y-1" data-field={`stages.${index}.stops_reminders`}>
            <div className="flex items-center gap-x-2">
              <Checkbox
                id={`stops-reminders-${index}`}
                checked={!!stage.stops_reminders}
                onCheckedChange={(v) => onChange({ stops_reminders: v === true })}
              />
              <Label htmlFor={`stops-reminders-${index}`} size="small">Stop reminders from this stage on: the rep follows up alone</Label>
            </div>
            {err("stops_reminders") && <Text size="xsmall" className="text-ui-fg-error" role="alert">{err("stops_reminders")}</Text>}
          </div>
        </div>
        <div className="flex flex-col gap-y-4 px-6 py-4">
          <Field label="Subject" name={`stages.${index}.subject_template`} error={err("subject_template")}>
            <Input
              ref={(el) => { refs.current.subject_template = el }}
              id="subject_template"
              value={stage.subject_template ?? ""}
              onFocus={() => setFocused("subject_template")}
              onChange={(e) => onChange({ subject_template: e.target.value })}
            />
          </Field>
          <Field label="HTML body" name={`stages.${index}.body_html_template`} error={err("body_html_template")}>
            <Textarea
              ref={(el) => { refs.current.body_html_template = el }}
              id="body_html_template"
              className="font-mono"
              rows={12}
              value={stage.body_html_template ?? ""}
              onFocus={() => setFocused("body_html_template")}
              onChange={(e) => onChange({ body_html_template: e.target.value })}
            />
          </Field>
          <Field label="Text body" name={`stages.${index}.body_text_template`} error={err("body_text_template")} hint="Empty: made from the HTML.">
            <Textarea
              ref={(el) => { refs.current.body_text_template = el }}
              id="body_text_template"
              className="font-mono"
              rows={6}
              value={stage.body_text_template ?? ""}
              onFocus={() => setFocused("body_text_template")}
              onChange={(e) => onChange({ body_text_template: e.target.value || null })}
            />
          </Field>
          <div>
            <Text size="small" weight="plus" className="mb-1">Variables</Text>
            <Text size="xsmall" className="text-ui-fg-subtle mb-2">Click to insert into the field you last edited.</Text>
            <div className="flex max-h-40 flex-wrap gap-1 overflow-y-auto" data-testid="template-variables">
              {(variables.data?.variables ?? []).map((v) => (
                <button key={v.name} type="button" title={`${v.description}\n${v.example}`} onClick={() => insert(v.example)}>
                  <Badge size="2xsmall">{v.name}</Badge>
                </button>
              ))}
            </div>
          </div>
        </div>
      </Container>
      <LivePreview stage={stage} />
    </div>
  )
}

/** Renders the templates being edited on the server, for a chosen customer or sample data, as they would be sent. */
const LivePreview = ({ stage }: { stage: Stage }) => {
  const [search, setSearch] = useState("")
  const [customerId, setCustomerId] = useState("sample")
  const [language, setLanguage] = useState("")
  const customers = useCustomerSearch(search)
  const [preview, setPreview] = useState<Preview | null>(null)
  const [problems, setProblems] = useState<TemplateProblem[]>([])
  const [failure, setFailure] = useState<string | null>(null)
  const [loading, setLoading] = useState(false)
  const request = useMemo(
    () => ({
      subject_template: stage.subject_template ?? "",
      body_html_template: stage.body_html_template ?? "",
      body_text_template: stage.body_text_template ?? null,
      ...(customerId !== "sample" ? { customer_id: customerId } : {}),
      ...(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(language) ? { language } : {}),
    }),
    [stage.subject_template, stage.body_html_template, stage.body_text_template, customerId, language]
  )
  useEffect(() => {
    let current = true
    setLoading(true)
    const timer = setTimeout(() => {
      fetchPreview(request)
        .then((result) => {
          if (!current) return
          setPreview(result)
          setProblems([])
          setFailure(null)
        })
        .catch((error: unknown) => {
          if (!current) return
          // the server names each problem's field and line: "body_html (line 3): unclosed block"
          const { _: other, ...byField } = pathErrors(errorMessage(error))
          setProblems(Object.entries(byField).map(([field, message]) => ({ field, message })))
          setFailure(other ?? null)
        })
        .finally(() => current && setLoading(false))
    }, 350)
    return () => {
      current = false
      clearTimeout(timer)
    }
  }, [request])
  return (
    <Container className="divide-y p-0" data-testid="live-preview">
      <div className="flex flex-wrap items-end justify-between gap-3 px-6 py-4">
        <div>
          <Heading level="h2">Preview</Heading>
          <Text size="xsmall" className="text-ui-fg-subtle">{loading ? "Rendering…" : "Rendered by the server, exactly as sent"}</Text>
        </div>
        <div className="flex gap-x-2">
          <div className="flex flex-col gap-y-1">
            <Label size="xsmall">Customer</Label>
            <Input size="small" placeholder="Search customers" value={search} onChange={(e) => setSearch(e.target.value)} className="w-40" />
            <Select size="small" value={customerId} onValueChange={setCustomerId}>
              <Select.Trigger className="w-48" aria-label="Preview customer"><Select.Value /></Select.Trigger>
              <Select.Content>
                <Select.Item value="sample">Sample data</Select.Item>
                {(customers.data?.customers ?? []).map((c: any) => (
                  <Select.Item key={c.id} value={c.id}>{c.company_name || [c.first_name, c.last_name].filter(Boolean).join(" ") || c.email}</Select.Item>
                ))}
              </Select.Content>
            </Select>
          </div>
          <div className="flex flex-col gap-y-1">
            <Label size="xsmall">Language</Label>
            <Input size="small" placeholder="en" className="w-20" value={language} onChange={(e) => setLanguage(e.target.value.trim())} />
          </div>
        </div>
      </div>
      {(problems.length > 0 || failure) && (
        <div className="flex flex-col gap-y-1 px-6 py-3" role="alert" data-testid="template-problems">
          {problems.map((p, i) => (
            <Text key={i} size="small" className="text-ui-fg-error">
              {humanizeField(p.field)}: {p.message}
            </Text>
          ))}
          {failure && <Text size="small" className="text-ui-fg-error">{failure}</Text>}
        </div>
      )}
      {preview && (
        <div className={`flex flex-col gap-y-3 px-6 py-4 ${problems.length || failure ? "opacity-50" : ""}`}>
          <div>
            <Text size="xsmall" className="text-ui-fg-subtle">Subject</Text>
            <Text size="small" weight="plus" data-testid="preview-subject">{preview.subject}</Text>
          </div>
          {/* the policy comes first in the document, so the template can load nothing from elsewhere (a tracking pixel would reveal the admin) */}
          <iframe
            title="Preview HTML"
            sandbox=""
            srcDoc={`<!doctype html><meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; form-action 'none'; base-uri 'none'">${preview.html}`}
            className="h-96 w-full rounded-md border border-ui-border-base bg-white"
            data-testid="preview-html"
          />
          <pre className="bg-ui-bg-subtle max-h-64 overflow-auto whitespace-pre-wrap rounded-md p-3 text-xs" data-testid="preview-text">{preview.text}</pre>
        </div>
      )}
    </Container>
  )
}

export const config = defineRouteConfig({ label: "Collections" })

export default CollectionsSettingsPage
