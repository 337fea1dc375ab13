import ptBR from "./pt-br"
import ptBRPages from "./pt-br-pages"
import { withChanges, type PageTexts, type Texts } from "./shape"

/**
 * Os textos do painel em português europeu: os do Brasil, com o que em Portugal se diz de outra maneira
 * (registar, chamada, contacto, guardar, eliminar, pesquisar, a carregar).
 */
export const ptPT: Texts = withChanges(ptBR, {
  common: { save: "Guardar", loading: "A carregar", somethingWentWrong: "Algo correu mal", next: "Seguinte" },
  format: {
    awaitingShipment: "a aguardar envio",
    awaitingDelivery: "a aguardar entrega",
    aging: { current: "Não vencido" },
  },
  enums: {
    eventType: {
      payment_refunded: "Pagamento reembolsado",
      call_logged: "Chamada registada",
      note: "Nota",
      escalated: "Encaminhado para o gestor",
      order_on_credit_hold: "Encomenda com crédito bloqueado",
    },
    callOutcome: { left_voicemail: "Mensagem no correio de voz" },
    receivableStatus: { written_off: "Considerada incobrável" },
    runStatus: { running: "Em curso" },
    skipReason: { contact_cap: "Limite de contactos atingido", not_due_yet: "Ainda não é altura" },
  },
  customer: {
    actions: {
      call: "Registar uma chamada",
      promise: "Registar uma promessa de pagamento",
    },
    sendNow: { created: "Aviso criado; está a ser enviado" },
    history: {
      emptyHint: "Os avisos, chamadas, promessas e pagamentos vão aparecer aqui.",
      answeredViaLink: "respondido pelo cliente através da ligação do aviso",
    },
  },
  actions: {
    note: "Nota",
    call: {
      title: "Registar uma chamada",
      submit: "Registar a chamada",
      done: "Chamada registada",
      note: "O que foi dito",
    },
    promise: {
      title: "Registar uma promessa de pagamento",
      submit: "Registar a promessa",
      done: "Promessa de pagamento registada",
    },
    hold: { reasonExample: "p. ex., a aguardar uma nota de crédito" },
    profile: {
      done: "Perfil de cobrança guardado",
      termsDaysHint: "Vazio: o prazo do grupo de clientes ou a predefinição da loja.",
      termsStartHint: "Até ao primeiro envio ou à primeira entrega, a fatura de uma encomenda não tem vencimento e não é cobrada.",
      storeDefault: "Predefinição da loja",
      startOrder: "Data da encomenda",
      notes: "Notas",
    },
  },
  links: {
    subtitle: "Onde o cliente paga, promete uma data ou contesta uma fatura, através da ligação de cada aviso",
    revoke: "Revogar as ligações",
    revokeTitle: "Revogar as ligações do cliente?",
    revokeDescription: "Todas as ligações para a página de pagamento enviadas até agora a este cliente deixam de funcionar. O próximo aviso leva uma nova.",
    revoked: "Ligações revogadas",
    off: "A página de pagamento está desativada: os avisos não levam ligação (opção selfService do plugin).",
    inactive: "Nenhuma ligação válida",
    worksUntil: "A ligação do último aviso ({{sent}}) é válida até {{until}}.",
    lastSent: "A última ligação foi enviada a {{sent}}.",
    noneSent: "Ainda não saiu nenhum aviso com ligação.",
    expired: "Já expirou.",
    revokedOn: "Ligações revogadas a {{date}}.",
  },
  notice: {
    facts: { bcc: "Bcc", overCap: "acima do limite de contactos" },
  },
  order: {
    title: "Valor a receber",
    creditHold: {
      customerHeld: "O cliente não pode fazer encomendas a prazo: {{reason}}",
      slipped: "Encomenda com crédito bloqueado",
      slippedHint: "Feita a prazo enquanto o crédito do cliente estava bloqueado ({{reason}}). Decida se a vai satisfazer.",
      overriddenHint: "Convertida com o crédito do cliente bloqueado, liberada por {{name}}: {{reason}}",
    },
    noReceivable: "Esta encomenda não tem valor a receber.",
    notChased: "Não é cobrada como fatura",
    onTermsWaiting: "No prazo do cliente: {{terms}}; até lá não é cobrada.",
    chase: "Cobrar esta encomenda como fatura a prazo",
    chased: "A encomenda passa a ser cobrada como fatura a prazo",
    terms: {
      order: {
        from: "a partir da data da encomenda",
        net: {
          one: "{{count}} dia a partir da data da encomenda",
          many: "{{count}} de dias a partir da data da encomenda",
          other: "{{count}} dias a partir da data da encomenda",
        },
      },
    },
  },
  creditHold: {
    noOrdersOnTerms: "Nenhuma encomenda nova a prazo até o bloqueio ser retirado.",
    waiverUntilClear: "Crédito desbloqueado a {{released}}: as regras da política só voltam a bloqueá-lo depois de o cliente ficar uma vez dentro delas.",
    waiverUntil: "Crédito desbloqueado a {{released}}: as regras da política não voltam a bloqueá-lo antes de {{until}}.",
    place: {
      description: "O cliente deixa de poder fazer encomendas a prazo até o bloqueio ser retirado manualmente, pague o que pagar. Um bloqueio colocado pelas regras da política dá lugar a este.",
      reasonExample: "p. ex., cheque devolvido duas vezes",
    },
    lift: {
      reasonExample: "p. ex., pago por transferência",
      waiveUntilHint: "Opcional. Vazio: as regras da política só voltam a bloqueá-lo depois de o cliente ficar uma vez dentro delas.",
    },
  },
})

export const ptPTPages: PageTexts = withChanges(ptBRPages, {
  collections: { tabs: { calls: "Chamadas" } },
  calls: {
    title: "Lista de chamadas",
    emptyHint: "As cobranças, os encaminhamentos e as falhas de envio que precisam de uma pessoa aparecem aqui.",
  },
  runs: {
    seeServerLog: "consulte o registo do servidor",
    running: "Em curso em segundo plano: {{batches}}, {{notices}} até agora",
    emptyHint: "A execução agendada, ou “Executar agora”, regista aqui cada execução.",
    status: "Estado",
  },
  performance: {
    aging: { title: "Antiguidade de saldos", label: "Antiguidade de saldos por moeda" },
    kpis: { waiting: { one: "{{count}} a aguardar", many: "{{count}} a aguardar", other: "{{count}} a aguardar" } },
  },
  settings: {
    default: "predefinida",
    selfService: {
      onText: "Cada aviso leva à página do cliente em {{url}}: as ligações são válidas durante {{ttl}}, as promessas aceitam até {{ahead}} de antecedência, {{pay}}.",
      offText: "Os avisos não levam ligação para uma página de pagamento. Defina a opção selfService.secret do plugin para a ativar.",
      payLinks: "pagamento pelas ligações de pagamento da loja",
      noPayment: "sem pagamento online",
    },
    policy: {
      saved: "Política guardada",
      deleted: "Política eliminada",
      delete: "Eliminar",
      deleteTitle: "Eliminar {{name}}?",
      deleteDescription: "Os clientes desta política passam para a política predefinida.",
      toleranceHint:
        "Os avisos de atraso esperam até a fatura ter {{overdue}}: uma etapa de atraso sai nos seus próprios dias ou no fim dos dias de carência, o que acontecer depois. Os lembretes antes do vencimento e no próprio dia não são adiados. Ao guardar, todas as faturas em aberto são replaneadas.",
      maxNoticesHint:
        "Depois de {{notices}}, os avisos param e a fatura é encaminhada para o gestor da conta {{days}} após o último. Deixe vazio para cobrar até ao pagamento.",
      untilPaid: "até ao pagamento",
      maxContacts: "Máximo de contactos por cliente em 30 dias",
      bcc: "Bcc",
      timezoneHint: "Nome IANA, p. ex., Europe/Lisbon.",
    },
    stages: {
      hint: "Dias após o vencimento; o tom muda à medida que a dívida envelhece. Uma etapa que se repete é enviada de novo a cada intervalo de reenvio até à etapa seguinte; depois da última etapa que envia, a última etapa que se repete continua até a fatura ser paga (dentro do limite de contactos). O encaminhamento para o gestor decorre em paralelo com os avisos, a não ser que a sua etapa os interrompa.",
      escalates: "encaminhar para o gestor",
    },
    stage: {
      escalate: "Encaminhar para o gestor da conta",
      creditHold: "Bloquear o crédito a partir desta etapa: nenhuma encomenda nova a prazo",
      creditHoldHint: "Quando uma fatura por pagar chega a esta etapa, o cliente não pode fazer encomendas a prazo até a pagar. Só para etapas após o vencimento.",
    },
    creditHold: {
      hint: "Além das etapas que bloqueiam o crédito, um cliente não pode fazer encomendas a prazo enquanto ultrapassar uma destas regras; pagar o vencido retira o bloqueio.",
    },
    translations: { confirmed: "Ainda serve: confirmada ao guardar" },
    preview: { rendering: "A gerar…", search: "Pesquisar clientes" },
  },
})
