import {
  closestCenter,
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  PointerSensor,
  TouchSensor,
  type UniqueIdentifier,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import {
  arrayMove,
  rectSortingStrategy,
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
} from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { GripVertical } from "@quartet/ui/icons";
import { cn } from "@quartet/ui/lib/cn";
import { useTranslation } from "@quartet/ui/lib/i18n";
import type { ReactNode } from "react";

// Cards put in order by dragging (mouse, touch after a short press, or the keyboard from each
// card's handle: space picks up, arrows move, space drops, escape cancels), with what happens
// read out in the person's language.

export interface SortableItem {
  id: string;
  /** Read out while it moves ("Move report.pdf"). */
  name: string;
}

export function SortableGrid<T extends SortableItem>({
  items,
  onReorder,
  renderItem,
  className,
  label,
  disabled,
}: {
  items: T[];
  onReorder: (items: T[]) => void;
  /** The card's content; `handle` is the drag handle to place in it. */
  renderItem: (item: T, index: number, handle: ReactNode) => ReactNode;
  className?: string;
  label: string;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 150, tolerance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const nameOf = (id: UniqueIdentifier) => items.find((i) => i.id === id)?.name ?? "";
  const positionOf = (id: UniqueIdentifier | undefined) => items.findIndex((i) => i.id === id) + 1;

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    const from = items.findIndex((i) => i.id === active.id);
    const to = items.findIndex((i) => i.id === over.id);
    if (from < 0 || to < 0) return;
    onReorder(arrayMove(items, from, to));
  };

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={closestCenter}
      onDragEnd={onDragEnd}
      accessibility={{
        screenReaderInstructions: { draggable: t("tools.dnd.instructions") },
        announcements: {
          onDragStart: ({ active }) => t("tools.dnd.picked", { name: nameOf(active.id) }),
          onDragOver: ({ active, over }) =>
            over
              ? t("tools.dnd.over", {
                  name: nameOf(active.id),
                  position: positionOf(over.id),
                  total: items.length,
                })
              : undefined,
          onDragEnd: ({ active, over }) =>
            over
              ? t("tools.dnd.dropped", {
                  name: nameOf(active.id),
                  position: positionOf(over.id),
                  total: items.length,
                })
              : undefined,
          onDragCancel: ({ active }) => t("tools.dnd.cancelled", { name: nameOf(active.id) }),
        },
      }}
    >
      <SortableContext items={items.map((i) => i.id)} strategy={rectSortingStrategy} disabled={disabled}>
        <ol aria-label={label} className={className}>
          {items.map((item, index) => (
            <SortableCard key={item.id} item={item} disabled={disabled}>
              {(handle) => renderItem(item, index, handle)}
            </SortableCard>
          ))}
        </ol>
      </SortableContext>
    </DndContext>
  );
}

function SortableCard<T extends SortableItem>({
  item,
  disabled,
  children,
}: {
  item: T;
  disabled?: boolean;
  children: (handle: ReactNode) => ReactNode;
}) {
  const { t } = useTranslation();
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } =
    useSortable({ id: item.id, disabled });
  const handle = (
    <button
      type="button"
      ref={setActivatorNodeRef}
      {...attributes}
      {...listeners}
      aria-label={t("tools.files.dragHandle", { name: item.name })}
      disabled={disabled}
      className="inline-flex size-8 shrink-0 cursor-grab touch-none items-center justify-center rounded-md text-muted-foreground outline-none hover:bg-accent hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring active:cursor-grabbing disabled:cursor-default disabled:opacity-50"
    >
      <GripVertical className="size-4" aria-hidden />
    </button>
  );
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      className={cn("relative", isDragging && "z-10 opacity-90 shadow-lg")}
    >
      {children(handle)}
    </li>
  );
}
